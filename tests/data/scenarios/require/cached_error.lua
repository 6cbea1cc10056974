-- a failed require caught by pcall is not mistaken for a loop later
assert(not pcall(require, "broken"))
local ok, err = pcall(require, "broken")
assert(not ok and not err:find("loop"), err)
segment "a" {}
journey "j" { touchpoint "t" {} }
