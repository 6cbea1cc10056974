-- Edges come out in declaration order, done last, however the next table
-- was written: three touchpoints whose names sort unlike their order, and
-- tables filled in different orders.
local function edges(order)
  local p = { zeta = 0.1, alpha = 0.2, mid = 0.3, done = 0.4 }
  local t = {}
  for _, name in ipairs(order) do t[name] = p[name] end
  return t
end
segment "all" {}
journey "a" {
  touchpoint "zeta"  { next = edges({ "done", "mid", "alpha", "zeta" }) },
  touchpoint "alpha" { next = edges({ "zeta", "alpha", "mid", "done" }) },
  touchpoint "mid"   { next = edges({ "alpha", "done", "zeta", "mid" }) },
}
