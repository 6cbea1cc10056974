-- a curried constructor never given its table
segment "all" {}
journey "j" { touchpoint "t" {} }
segment "forgotten"
