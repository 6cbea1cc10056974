-- a gigabyte in one call: refused by the memory budget.
local s = ("x"):rep(1 << 30)
