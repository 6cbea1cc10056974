-- a misspelt frequency key
segment "all" {}
journey "j" { frequncy = 0.5, touchpoint "t" {} }
