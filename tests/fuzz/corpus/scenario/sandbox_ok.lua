-- What the sandbox leaves and takes away, checked from inside.
assert(string.format("%d", 3) == "3" and math.floor(2.5) == 2)
assert(table.concat({ "a", "b" }) == "ab" and utf8.char(72) == "H")
assert(string.dump == nil)
assert(type(require) == "function")                -- only for files beside / in lib
for _, name in ipairs({ "os", "io", "dofile", "loadfile", "package", "debug", "coroutine" }) do
  local ok, err = pcall(function() return _ENV[name] end)
  assert(not ok and err:find("unknown global '" .. name .. "'", 1, true), name)
end
local f, err = load(string.char(27) .. "Lua")      -- binary chunk
assert(f == nil and err:find("binary"), err)
local g = load("return os")                        -- text chunks get the sandbox
assert(not pcall(g))
assert(not pcall(setmetatable, _ENV, {}))
assert(string.rep("", 1e15) == "" and ("ab"):rep(2, "") == "abab")   -- no CPU-bound hole
assert(getmetatable(setmetatable({}, { __index = {} })) ~= nil)
segment "all" {}
journey "j" { touchpoint "t" {} }
