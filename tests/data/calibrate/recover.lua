-- recover.lua - the scenario tests/cli/calibrate_test.sh fits. Each free
-- parameter drives one metric through a closed form (docs/model.md, analytical
-- checks 1 and 2), so the test can say how far from the truth a fit may
-- land: with g_t = g_r = 0 and m_ab = 1 the churn hazard is the constant
-- churn = h0, and churn_rate has mean 1 - exp(-h0); with kappa = 0 the one
-- touchpoint that can abandon does so with friction x abandon, and
-- completion_rate has mean 1 - 0.5 friction. A closed cohort (no inflow,
-- no word of mouth) keeps every period alike.
-- The test runs it at churn 0.04, friction 0.3 to make the targets, and
-- calibrates from the values below.
scenario { name = "Calibration recovery", horizon = 6, population = 2000, reps = 4,
           inflow = 0, wom = { rho_p = 0, rho_d = 0 } }

segment "all" { churn = 0.015, g_t = 0, g_r = 0, m_ab = 1, kappa = 0 }

journey "buy" {
  touchpoint "browse" {},
  touchpoint "checkout" { friction = 0.1, abandon = 0.5 },
  touchpoint "delivery" { friction = 0.2 },
}
