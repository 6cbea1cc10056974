scenario {}
segment "a" { share = 0.5 }
journey "j" { touchpoint "t" {} }
