-- a touchpoint without its table
segment "all" {}
journey "j" { touchpoint "t" {}, touchpoint "u" }
