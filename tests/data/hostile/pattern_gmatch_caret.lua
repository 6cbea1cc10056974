-- in gmatch a leading "^" is a literal, which takes a quantifier: about 4 s,
-- and 7e9 steps by the old bound, which took it for an anchor
local s = ("^"):rep(60)
for _ in s:gmatch("^-^-^-^-^-^-b") do end
