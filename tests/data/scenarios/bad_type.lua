-- a string where a number is expected
segment "all" {}
journey "purchase" { touchpoint "checkout" { friction = "high" } }
