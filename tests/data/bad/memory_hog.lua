scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
local t = {} for i = 1, 1e9 do t[i] = i end
