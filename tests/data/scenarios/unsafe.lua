-- Loaded with --unsafe: every library, binary chunks, __gc, the stock require.
local f = assert(io.open("/dev/null"))
f:close()
assert(os and debug and package and coroutine and string.dump)
assert(require "string" == string)      -- not beside the scenario: the stock require
assert(load(string.dump(function() return 5 end))() == 5)
setmetatable({}, { __gc = function() end })
segment "all" {}
journey "j" { touchpoint "t" {} }
