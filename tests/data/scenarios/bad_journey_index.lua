-- only the touchpoints 1..n and frequency
segment "all" {}
journey "j" { touchpoint "t" {}, [5] = 1 }
