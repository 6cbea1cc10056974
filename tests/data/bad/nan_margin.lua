scenario {}
segment "a" { share = 1, margin = 0/0 }
journey "j" { touchpoint "t" {} }
