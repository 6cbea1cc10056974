-- a journey takes touchpoints and frequency, not touchpoint keys
segment "all" {}
journey "j" { touchpoint "t" {}, friction = 0.2 }
