-- scenarios/beanbox.lua - Bean Box, a coffee-bean subscription: the scenario
-- docs/tutorial.md builds step by step (F2, F3, F15, F19, F20).
--
-- THE QUESTION. Boxes sometimes arrive late or with stale beans. Should we
-- guarantee freshness (roast to order, tracked parcels), add a barista
-- hotline that replaces a bad box at once, or run the hotline only while
-- too many subscribers are unhappy?
--
-- RUN IT
--     cxsim compare scenarios/beanbox.lua
--     cxsim compare scenarios/beanbox.lua --set journey.monthly_box.delivery.friction=0.2
--       (what if the postal service gets worse?)
--
-- WHAT TO EXPECT: the freshness guarantee alone raises NPS by about 10 and
-- barely pays for itself in the first year; with the hotline, NPS rises by
-- about 19 and the ROI more than doubles. The hotline on an alarm runs only
-- in the first months (detractors soon fall below the alarm's 14 %), so it
-- costs little more than freshness alone and earns a little more. The
-- worse the post, the more both are worth. docs/tutorial.md reads the
-- output line by line.

scenario {
  name = "Bean Box subscription",
  horizon = 12,             -- months
  population = 20000,       -- subscribers at the start
  reps = 10,                -- Monte Carlo replications
  inflow = 0.004,           -- new subscribers a month without word of mouth
  wom = { conv = 0.1, deter = 0.02 },   -- word of mouth, as in the reference
}

-- Explorers try a new origin every month; connoisseurs pay more, stay
-- longer, and notice every flaw.
segment "explorer"    { share = 0.7, margin = 12, churn = 0.05 }
segment "connoisseur" { share = 0.3, margin = 25, churn = 0.025,
                        lambda = 3,                           -- bad moments weigh more
                        trust = { mean = 0.7, sd = 0.1 } }

journey "monthly_box" {
  touchpoint "reminder"  { channel = "email" },
  touchpoint "customise" { channel = "app", base = 0.3, friction = 0.1, abandon = 0.2 },
  -- the moment of truth: a late box or stale beans (weight 2), sometimes
  -- noticed and made good (recovery)
  touchpoint "delivery"  { channel = "post", base = 0.4, friction = 0.12, severity = 0.4,
                           weight = 2,
                           recovery = { attempt = 0.2, success = 0.5 } },
  touchpoint "tasting"   { channel = "product", base = 0.5, delight = 0.2, delight_gain = 0.4 },
  -- one subscriber in ten calls; agents try to fix what went wrong
  touchpoint "support"   { channel = "phone", optional = 0.1, base = 0.1,
                           friction = 0.2, severity = 0.4,
                           recovery = { attempt = 0.5, success = 0.6 } },
}

-- Two things we could do about deliveries.
-- A freshness guarantee: roasted to order, tracked parcels. Fewer failed
-- boxes; it costs 0.4 per box delivered (a visit of the touchpoint it edits).
intervention "freshness_guarantee" {
  cost = { per_visit = 0.4 },
  set = { ["monthly_box.delivery.friction"] = 0.04 },
}

-- A barista hotline: agents who notice a bad box and replace it at once.
-- It costs 0.3 a month per active subscriber.
intervention "barista_hotline" {
  start = 3,                                   -- ready in month 3
  cost = { per_customer = 0.3 },
  candidate = true,   -- the policy below switches it, but all year it is a fix to rank too
  apply = function(m)
    m.journey.monthly_box.delivery.recovery.attempt = 0.7
    m.journey.monthly_box.delivery.recovery.success = 0.85
    m.journey.monthly_box.delivery.recovery.gain = 0.6
    m.journey.monthly_box.support.recovery.success = 0.8
  end,
}

variant "baseline" {}
variant "fresher" { "freshness_guarantee" }
variant "fresher_and_hotline" { "freshness_guarantee", "barista_hotline" }
variant "fresher_hotline_on_alarm" { "freshness_guarantee", "alarm" }

-- A switch for the policy: changes nothing, costs nothing.
intervention "alarm" {}

-- After each month t: where the alarm is on, run the hotline while more
-- than 14 % of the month's ratings are detractors.
on_period = function(sim, _t)   -- _t: the month just simulated (unused here)
  if sim:enabled("alarm") then
    if sim:metric("detractor_share") > 0.14 then
      sim:enable("barista_hotline")
    else
      sim:disable("barista_hotline")
    end
  end
end
