-- scenarios/reference.lua - the reference scenario of cxsim.
--
-- A mid-sized online retailer: shoppers discover the brand on social media,
-- browse the web shop, fill a cart, check out and pay, receive a delivery,
-- use the product, and sometimes call support. Run it with
--
--     cxsim run scenarios/reference.lua
--
-- and change any number without editing this file:
--
--     cxsim run scenarios/reference.lua --set journey.purchase.checkout.friction=0.1
--
-- Every key below is documented in docs/scenarios.md; every mechanism in
-- docs/model.md. Keys left out take the defaults of docs/model.md.

scenario {
  name = "Online retailer (reference)",
  horizon = 12,             -- periods; one period is a month
  population = 100000,      -- customers at the start
  reps = 20,                -- Monte Carlo replications unless --reps says otherwise
  discount_rate = 0.01,     -- per month, for lifetime value
  inflow = 0.005,           -- new customers a month without word of mouth (0.5 %)
  wom = {                   -- word of mouth (F8, F11)
    rho_p = 0.3,            -- conversations per promoter a month
    rho_d = 0.3,            -- conversations per detractor, before amplification
    nu = 4,                 -- bad news travels four times as far
    conv = 0.3,             -- a positive conversation converts 30 % of the time
    deter = 0.05,           -- a negative one puts off 5 % of a prospect
  },
}

-- Segments (personas). Shares must sum to 1. `margin` is the monthly
-- contribution of an active customer; `churn` the base monthly hazard.
segment "value_seeker" {
  share = 0.55, margin = 18, churn = 0.035,
  lambda = 2.2,             -- price hunters punish friction harder
  trust = { mean = 0.55, sd = 0.15 },
}

segment "loyal_regular" {
  share = 0.30, margin = 35, churn = 0.02,
  kappa = 0.6,              -- trust buffers them more (F4)
  trust = { mean = 0.7, sd = 0.12 },
}

segment "premium" {
  share = 0.15, margin = 70, churn = 0.015,
  lambda = 2.5,             -- high expectations: bad moments weigh more
  uplift = 0.15,            -- cross-sell grows their basket more
  trust = { mean = 0.65, sd = 0.12 },
}

-- The purchase journey, touchpoints in the order customers meet them.
-- base: emotion of a smooth visit; friction: chance something goes wrong;
-- severity: how much it hurts; weight: 2-3 marks a moment of truth (F2);
-- abandon: chance an unrecovered problem makes the customer give up;
-- recovery: chance the company notices (attempt) and fixes it (success).
journey "purchase" {
  touchpoint "discover"  { channel = "social", base = 0.25, delight = 0.05 },
  touchpoint "browse"    { channel = "web", base = 0.3, friction = 0.08, severity = 0.2,
                           abandon = 0.15 },
  touchpoint "cart"      { channel = "web", base = 0.3, friction = 0.05, severity = 0.2,
                           abandon = 0.1 },
  touchpoint "checkout"  { channel = "web", base = 0.3, friction = 0.1, severity = 0.35,
                           weight = 2.0, abandon = 0.3,
                           recovery = { attempt = 0.2, success = 0.6 } },
  touchpoint "payment"   { channel = "web", base = 0.3, friction = 0.04, severity = 0.4,
                           weight = 1.5, abandon = 0.25 },
  touchpoint "delivery"  { channel = "logistics", base = 0.35, friction = 0.08,
                           severity = 0.35, weight = 2.0, delight = 0.05,
                           recovery = { attempt = 0.3, success = 0.6, gain = 0.45 } },
  touchpoint "first_use" { channel = "product", base = 0.4, delight = 0.1,
                           delight_gain = 0.25, friction = 0.03, severity = 0.3 },
  touchpoint "support"   { channel = "phone", base = 0.3, friction = 0.05, severity = 0.3,
                           recovery = { attempt = 0.5, success = 0.7, gain = 0.5 } },
}
