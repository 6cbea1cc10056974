-- '^' inside a pattern is a literal that takes a quantifier
local s = ("^"):rep(300)
return s:find("x?^-^-^-^-^-^-b")
