scenario { horizon = "twelve" }
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
