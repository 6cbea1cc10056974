scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
while true do end
