-- The slowest pattern calls found that the sandbox's bound still allows
-- (each within 10^9 steps by src/lua/safelib.c's count; docs/scenarios.md,
-- "Sandbox"): each must run, and all together end within seconds, since
-- nothing can stop a call once in the matcher.
local n = 0
local function count(...) if ... then n = n + 1 end end
count((("a"):rep(19997)):find("a*b"))
count((("a"):rep(97)):find(".-.-.-.-b"))
count((("("):rep(31618)):find("%b()"))
count((("b"):rep(497)):find("[" .. ("a"):rep(4000) .. "b]*c"))
count((("a"):rep(996)):find("(.-)%1%1b"))
for _ in (("^"):rep(39)):gmatch("^-^-^-^-^-^-b") do n = n + 1 end
scenario { horizon = 1, population = 10 + n }
segment "all" { share = 1 }
journey "j" { touchpoint "t" {} }
variant "baseline" {}
