-- a string where a number belongs, on line 4
scenario { name = "bad", horizon = 2, population = 10 }
segment "all" { share = 1 }
journey "j" { touchpoint "a" { weight = "heavy" } }
