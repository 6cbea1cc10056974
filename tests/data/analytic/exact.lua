-- exact.lua - a journey whose chain is exact (kappa = 0, no loop), for
-- tests/cli/check_analytic_test.sh. By hand: browse abandons with
-- 0.2 x 0.5 = 0.1; pay with 0.1 x (1 - 0.5 x 0.4) x 0.5 = 0.04, reached by
-- 0.9 of journeys: 0.036; completion 0.9 x 0.96 = 0.864; help is visited
-- by 0.4 of those: 0.3456.
scenario { name = "Analytic", horizon = 3, population = 20000, reps = 10 }

segment "all" { kappa = 0 }

journey "buy" {
  touchpoint "browse" { friction = 0.2, abandon = 0.5 },
  touchpoint "pay"    { friction = 0.1, abandon = 0.5, recovery = { attempt = 0.5, success = 0.4 } },
  touchpoint "help"   { optional = 0.4 },
}
