scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" { friction = 1.3 } }
