scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" { next = { u = 0.5 } } }
