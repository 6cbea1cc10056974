-- a misspelt key on line 3
scenario { name = "bad", horizon = 2, population = 10 }
segment "all" { share = 1, margn = 10 }
journey "j" { touchpoint "a" {} }
