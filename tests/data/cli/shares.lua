-- shares that do not sum to 1
scenario { name = "bad", horizon = 2, population = 10 }
segment "a" { share = 0.5 }
segment "b" { share = 0.3 }
journey "j" { touchpoint "a" {} }
