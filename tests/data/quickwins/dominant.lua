-- tests/data/quickwins/dominant.lua - one intervention dominates.
--
-- Half the shoppers meet friction at checkout and half of those give up.
-- fix_checkout removes most of it: more completed journeys, fewer
-- detractors, less churn, more value; far more than it costs.
-- new_logo changes nothing a customer meets (a delight gain where no
-- delight can happen): with common random numbers its replications are the
-- baseline's, so its effect is exactly 0. survey_popup adds an intrusive
-- survey after delivery (friction): it hurts.
scenario { name = "Quick wins test", horizon = 6, population = 2000, reps = 5 }

segment "regular" { share = 0.7, margin = 20, churn = 0.03 }
segment "premium" { share = 0.3, margin = 50, churn = 0.02 }

journey "buy" {
  touchpoint "browse"   { channel = "web" },
  touchpoint "checkout" { channel = "web", friction = 0.5, severity = 0.6, abandon = 0.5,
                          weight = 2 },
  touchpoint "delivery" { channel = "logistics", friction = 0.05 },
}

intervention "fix_checkout" {
  cost = { fixed = 2000 },
  set = { ["buy.checkout.friction"] = 0.05 },
}

intervention "new_logo" {
  set = { ["buy.delivery.delight_gain"] = 0.9 },
}

intervention "survey_popup" {
  set = { ["buy.delivery.friction"] = 0.4 },
}
