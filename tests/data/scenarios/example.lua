-- An example in the scenario language (docs/scenarios.md): every constructor,
-- nested tables (wom, trust, recovery) and the curried call form.
scenario { name = "Checkout quick wins", horizon = 12, population = 100000,
           discount_rate = 0.01, continuity = 0.3, reps = 20,
           wom = { rho_p = 0.3, rho_d = 0.3, nu = 4, conv = 0.3, deter = 0.05 } }

segment "value_seeker" { share = 0.7, margin = 20, churn = 0.03 }
segment "premium"      { share = 0.3, margin = 60, churn = 0.015, lambda = 2.5,
                         trust = { mean = 0.6, sd = 0.15 } }

journey "purchase" {
  touchpoint "discover" { channel = "social" },
  touchpoint "checkout" { channel = "web", friction = 0.25, severity = 0.5,
                          abandon = 0.35, weight = 2.0,
                          recovery = { attempt = 0.2, success = 0.6 } },
}
