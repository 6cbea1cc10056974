-- A sketch of a scenario with a policy (docs/scenarios.md, "Policies: on_period").
scenario {
  name = "Checkout quick wins",
  horizon = 12,            -- periods
  population = 100000,     -- initial customers
  discount_rate = 0.01,
  continuity = 0.3,
}

segment "value_seeker" { share = 0.7, margin = 20, churn = 0.03 }
segment "premium"      { share = 0.3, margin = 60, churn = 0.015, lambda = 2.5 }

journey "purchase" {
  touchpoint "discover" { channel = "social" },
  touchpoint "browse"   { channel = "web", friction = 0.15, abandon = 0.2 },
  touchpoint "checkout" { channel = "web", friction = 0.25, severity = 0.5,
                          abandon = 0.35, weight = 2.0,
                          recovery = { attempt = 0.2, success = 0.6 } },
  touchpoint "delivery" { channel = "logistics", friction = 0.1 },
  touchpoint "support"  { channel = "phone", optional = 0.2,
                          recovery = { attempt = 0.5 } },
}

intervention "one_click_checkout" {
  start = 3,                                   -- first period it acts
  cost = { fixed = 40000, per_visit = 0.01 },
  segments = { "value_seeker" },               -- optional: who it reaches
  set = { ["purchase.checkout.friction"] = 0.10 },
}

intervention "empowered_agents" {
  cost = { per_customer = 0.5 },
  apply = function(m)                           -- arbitrary Lua edits
    local s = m.journey.purchase.support
    s.recovery.success = math.min(1, s.recovery.success + 0.2)
  end,
}

variant "baseline" {}
variant "quick_wins" { "one_click_checkout", "empowered_agents" }

-- optional: a policy evaluated once per period, between periods
on_period = function(sim, t)
  if sim:metric("churn_rate") > 0.05 then sim:enable("empowered_agents") end
end
