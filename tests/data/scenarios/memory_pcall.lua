-- a script may catch a memory error and go on: the cap still holds
local ok = pcall(string.rep, "x", 1 << 30)
assert(not ok)
segment "all" {}
journey "j" { touchpoint "t" {} }
