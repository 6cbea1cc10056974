-- segment names are unique
segment "a" { share = 0.5 }
segment "a" { share = 0.5 }
