scenario {}
segment "a" { share = 1, margin = math.huge }
journey "j" { touchpoint "t" {} }
