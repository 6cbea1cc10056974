scenario { horizon = 9e18 }
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
