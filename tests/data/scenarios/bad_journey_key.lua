-- a journey is a list
segment "all" {}
journey "j" { touchpoint "t" {}, friction = 0.2 }
