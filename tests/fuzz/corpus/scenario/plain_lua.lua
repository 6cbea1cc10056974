-- Plain Lua builds larger models: loops, locals, helper functions,
-- touchpoints as values, flat dotted keys, load of text chunks.
local steps = {}
for i, name in ipairs({ "search", "compare", "pay" }) do
  steps[#steps + 1] = touchpoint(name) { friction = 0.1 * i, ["recovery.attempt"] = 0.5 }
end
local function shop(share) return { share = share, ltr = { a = -1 } } end
segment "a" (shop(0.25))
segment "b" (shop(0.75))
journey "buy" (steps)
assert(tostring(steps[1]) == 'touchpoint "search"')
assert(load("return 1 + 1")() == 2)
helper_total = 3          -- a global of the script's own
assert(helper_total == 3 and _G.helper_total == 3 and _G == _ENV)
