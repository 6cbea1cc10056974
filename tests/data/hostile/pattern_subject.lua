-- pattern functions refuse subjects over 1 MiB.
local s = ("a"):rep(2 << 20)
local i = s:find(".-b")
