-- tampering with the string metatable stays in this state (check_sandbox
-- then loads sandbox_string_meta_check.lua, which sees the stock methods).
getmetatable("").__index = { upper = function() return "pwned" end }
assert(("a"):upper() == "pwned")
segment "all" {}
journey "j" { touchpoint "t" {} }
