-- tests/data/analysis/small.lua - a tiny scenario for the analysis verbs
-- (tests/cli/sweep_test.sh, sensitivity_test.sh): one strong parameter
-- (the checkout's friction moves NPS by tens of points over its range)
-- and two that cannot move NPS: the touchpoint of a journey nobody makes
-- (frequency 0) and a segment's margin (money, not sentiment).
scenario { name = "small", horizon = 3, population = 800, reps = 3 }

segment "all" { share = 1, margin = 20 }

journey "buy" {
  touchpoint "browse"   { friction = 0.05 },
  touchpoint "checkout" { friction = 0.2, severity = 0.6, abandon = 0.3, weight = 2 },
}

journey "never" { frequency = 0, touchpoint "ghost" { friction = 0.1 } }

parameter "buy.checkout.friction" { low = 0.05, high = 0.5 }
parameter "never.ghost.friction"  { low = 0, high = 1 }
parameter "segment.all.margin"    { low = 5, high = 50 }
