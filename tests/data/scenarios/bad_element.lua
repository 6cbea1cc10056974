-- a journey lists touchpoints only
segment "all" {}
journey "j" { touchpoint "t" {}, 42 }
