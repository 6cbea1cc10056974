-- the environment is locked, and _G is the environment itself.
assert(_G == _ENV and getmetatable(_ENV) == false)
assert(not pcall(setmetatable, _ENV, nil))
assert(rawget(_ENV, "segment") == nil)      -- built-ins live elsewhere, out of reach
local ok = pcall(function() segment = nil end)
assert(not ok)
segment "all" {}
journey "j" { touchpoint "t" {} }
