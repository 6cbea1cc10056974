-- parameters are key = value
segment "all" { 0.5 }
