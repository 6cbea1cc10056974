-- tests/data/quickwins/in_baseline.lua - the only intervention is part of
-- the baseline variant: nothing is left to rank against it.
scenario { name = "All in the baseline", horizon = 3, population = 200 }
segment "all" { share = 1 }
journey "buy" { touchpoint "shop" { channel = "web", friction = 0.2 } }
intervention "fix" { set = { ["buy.shop.friction"] = 0.1 } }
variant "baseline" { "fix" }
