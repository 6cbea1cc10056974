-- shares that do not sum to 1
segment "a" { share = 0.5 }
