scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" { frction = 0.2 } }
