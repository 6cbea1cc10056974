scenario { population = 1e300 }
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
