-- recursion through a metamethod: C stack overflow, a clean error.
local t = setmetatable({}, { __index = function(t, k) return t[k] end })
local x = t.x
