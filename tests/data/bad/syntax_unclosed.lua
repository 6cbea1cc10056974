scenario { horizon = 12
segment "a" { share = 1 }
