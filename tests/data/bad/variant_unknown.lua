scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
variant "v" { "nothing" }
