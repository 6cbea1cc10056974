-- a runtime error in the script
segment "all" {}
local t = nil
t.x = 1
