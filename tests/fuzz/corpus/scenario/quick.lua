-- A small scenario with two interventions and three variants, for the
-- end-to-end tests of cxsim compare.
scenario { name = "compare test", horizon = 6, population = 3000, reps = 4 }
segment "all" { margin = 20 }
journey "purchase" {
  touchpoint "browse"   { friction = 0.1 },
  touchpoint "checkout" { friction = 0.3, severity = 0.5, abandon = 0.3, weight = 2 },
  touchpoint "support"  { recovery = { attempt = 0.2 } },
}
intervention "one_click" {
  start = 2,
  cost = { fixed = 1000, per_visit = 0.01 },
  set = { ["purchase.checkout.friction"] = 0.1 },
}
intervention "agents" {
  cost = { per_customer = 0.2 },
  apply = function(m)
    m.journey.purchase.support.recovery.attempt = 0.8
  end,
}
variant "baseline" {}
variant "quick" { "one_click" }
variant "both" { "one_click", "agents" }
