-- Interventions and variants: every key, both forms of set paths, apply.
scenario { name = "interventions", horizon = 6, population = 1000 }
variant "quick_wins" { "one_click", "agents" }     -- names interventions declared below
segment "value_seeker" { share = 0.7, churn = 0.03 }
segment "premium"      { share = 0.3, churn = 0.015 }
journey "purchase" {
  touchpoint "checkout" { friction = 0.25, recovery = { attempt = 0.2, success = 0.6 } },
  touchpoint "support"  { recovery = { attempt = 0.5 } },
}
intervention "one_click" {
  start = 3, stop = 5,
  cost = { fixed = 40000, per_customer = 0.5, per_visit = 0.01 },
  segments = { "value_seeker" },
  set = { ["purchase.checkout.friction"] = 0.10,
          ["journey.purchase.support.recovery.success"] = 0.7 },
}
intervention "agents" {
  set = { ["segment.premium.churn"] = 0.01, ["segment.*.churn"] = 0.02 },
  apply = function(m)
    local s = m.journey.purchase.support
    s.recovery.success = math.min(1, s.recovery.success + 0.25)  -- default 0.5
    m.segment.premium.churn = m.segment.premium.churn / 2         -- 0.01 after set
    m.scenario.continuity = 0.9
    m.journey.purchase.frequency = 0.8
    m.journey.purchase["frequency.premium"] = 0.5
    s.recovery.success = s.recovery.success - 0.25                 -- written twice: one edit
  end,
}
intervention "defaults" {}
variant "baseline" {}
