-- tests/bench/linear.lua - the benchmark's linear scenario (docs/performance.md,
-- "Sixth pass"): scenarios/reference.lua with its journey graph made linear
-- (no `next` tables: browse and cart no longer loop back) and the support
-- touchpoint no longer optional, so every journey fits the lane engine's
-- lockstep (src/core/lanes.h); the intervention costs and effect given as
-- the means of their distributions, so that the engine of fc211cd (before
-- distributions) reads it too (scripts/bench-ab). Everything else is the
-- reference scenario's.
--
--     scripts/bench --scenario tests/bench/linear.lua
--     scripts/bench-ab A B --scenario tests/bench/linear.lua

scenario {
  name = "Online retailer (reference, linear journeys)",
  horizon = 12,             -- periods; one period is a month
  population = 100000,      -- customers at the start
  reps = 10,                -- Monte Carlo replications of each variant unless --reps says otherwise
  discount_rate = 0.01,     -- per month, for lifetime value
  continuity = 0.8,         -- good omnichannel: context mostly follows the customer (F13)
  inflow = 0.004,           -- new customers a month without word of mouth (0.4 %)
  wom = {                   -- word of mouth (F8, F11)
    rho_p = 0.3,            -- conversations per promoter a month
    rho_d = 0.3,            -- conversations per detractor, before amplification
    nu = 4,                 -- bad news travels four times as far
    conv = 0.1,             -- one positive conversation in ten brings a customer
    deter = 0.02,           -- a negative one puts off 2 % of a prospect
  },
}

-- Behaviour shared by every persona: how they remember, recommend, leave
-- and buy more. Plain Lua builds it once; each segment adds its own.
local function persona(own)
  local p = {
    ltr = { a = 0.6, b = 3.7, c = 2.0, sigma = 1.05 },  -- likelihood to recommend
    g_r = 1.3,              -- a bad experience raises the churn hazard
    d_r = 1.8,              -- a good one makes trying something new likelier
  }
  for k, v in pairs(own) do p[k] = v end
  return p
end

-- Segments (personas). Shares sum to 1. `margin` is the monthly
-- contribution of an active customer; `churn` the base monthly hazard.
segment "value_seeker" (persona {
  share = 0.55, margin = 18, churn = 0.03,
  lambda = 2.2,             -- price hunters punish friction harder (F8)
  refuse_data = 0.35,       -- and guard their data more (F12)
  trust = { mean = 0.55, sd = 0.15 },
})

segment "loyal_regular" (persona {
  share = 0.30, margin = 35, churn = 0.018,
  kappa = 0.6,              -- trust buffers them more (F4)
  trust = { mean = 0.7, sd = 0.12 },
})

segment "premium" (persona {
  share = 0.15, margin = 70, churn = 0.015,
  lambda = 2.5,             -- high expectations: bad moments weigh more
  uplift = 0.15,            -- cross-sell grows their basket more
  trust = { mean = 0.65, sd = 0.12 },
})

-- The purchase journey. base: emotion of a smooth visit; friction: chance
-- something goes wrong; severity: how much it hurts; weight 2-3 marks a
-- moment of truth (F2); abandon: chance an unrecovered problem makes the
-- customer give up; recovery: chance the company notices (attempt) and
-- fixes it (success). Linear: the journey goes on in the order written.
journey "purchase" {
  touchpoint "discover"     { channel = "social", base = 0.75, delight = 0.05, delight_gain = 0.5,
                              personalisation = 0.3 },      -- targeted ads (F12)
  touchpoint "browse"       { channel = "web", base = 0.3, friction = 0.07, severity = 0.45,
                              abandon = 0.1 },  -- browse some more
  touchpoint "cart"         { channel = "web", base = 0.75, friction = 0.05, severity = 0.45,
                              abandon = 0.1 },  -- keep shopping
  touchpoint "checkout"     { channel = "web", base = 0.3, friction = 0.08, severity = 0.35,
                              weight = 2.0, abandon = 0.3,
                              recovery = { attempt = 0.2, success = 0.6 } },
  touchpoint "payment"      { channel = "web", base = 0.3, friction = 0.04, severity = 0.35,
                              weight = 1.5, abandon = 0.25,
                              dissonance = 0.6, dissonance_severity = 0.8 },  -- doubt (F10)
  touchpoint "confirmation" { channel = "email", base = 0.75, reassure = 0.4,   -- thank you
                              delight = 0.2, delight_gain = 0.5 },
  touchpoint "delivery"     { channel = "logistics", base = 0.3, friction = 0.08,
                              severity = 0.35, weight = 2.0, delight = 0.15, delight_gain = 0.25,
                              recovery = { attempt = 0.3, success = 0.6, gain = 0.45 } },
  touchpoint "first_use"    { channel = "product", base = 0.3, delight = 0.15,
                              delight_gain = 0.5, friction = 0.05, severity = 0.45 },
  touchpoint "support"      { channel = "phone", base = 0.3,
                              friction = 0.1, severity = 0.4,
                              recovery = { attempt = 0.6, success = 0.7, gain = 0.5 } },
}

-- Returns: fewer customers, more often value seekers; the refund is a
-- moment of truth where an empowered agent can win a customer back (F3).
journey "returns" {
  frequency = { value_seeker = 0.08, loyal_regular = 0.06, premium = 0.1 },
  touchpoint "request" { channel = "web", base = 0.3, friction = 0.12, severity = 0.4,
                         abandon = 0.2 },
  touchpoint "pickup"  { channel = "logistics", base = 0.3, friction = 0.1, severity = 0.4,
                         recovery = { attempt = 0.3, success = 0.6 } },
  touchpoint "refund"  { channel = "web", base = 0.3, friction = 0.1, severity = 0.4,
                         weight = 2.0, recovery = { attempt = 0.5, success = 0.7, gain = 0.5 } },
}

-- Two candidate quick wins (F19, F20). The baseline variant has neither, so
-- it is the calibrated scenario above; `cxsim compare` shows what the
-- package adds, paired replication by replication.
intervention "one_click_checkout" {
  start = 3,                                  -- live from the third month
  -- build it, then run it per checkout; the build is quoted at 30 to 50 k
  cost = { fixed = 40000, per_visit = 0.01 },
  segments = { "value_seeker", "loyal_regular" },
  -- the friction it leaves is a guess: most likely 4 %, surely within 2 to 6 %
  -- (a distribution stands for its mean, 0.04, unless --uncertainty draws it)
  set = { ["purchase.checkout.friction"] = 0.04 },
}

intervention "empowered_agents" {
  cost = { per_customer = 0.1 },              -- training and authority, per customer a month
  apply = function(m)                         -- arbitrary Lua edits of the model
    local s = m.journey.purchase.support
    s.recovery.success = math.min(1, s.recovery.success + 0.2)
    local r = m.journey.returns.refund
    r.recovery.attempt = math.min(1, r.recovery.attempt + 0.3)
  end,
}

variant "baseline" {}
variant "quick_wins" { "one_click_checkout", "empowered_agents" }

-- What we are unsure of: the plausible range of five numbers above.
-- `cxsim sensitivity` ranks them by how much they move NPS (or any
-- metric); `cxsim sweep` explores them. `run` and `compare` still use the
-- values written above, unless `--uncertainty N` draws them (uniform on
-- each range, with the two distributions of one_click_checkout):
--
--     cxsim compare scenarios/reference.lua --uncertainty 200 --reps 4
--
--     cxsim sensitivity scenarios/reference.lua --set scenario.population=10000 --reps 2
parameter "purchase.checkout.friction"         { low = 0.04, high = 0.15 }
parameter "purchase.delivery.friction"         { low = 0.04, high = 0.15 }
parameter "purchase.support.recovery.success"  { low = 0.5,  high = 0.9 }
parameter "segment.value_seeker.churn"         { low = 0.02, high = 0.04 }
parameter "scenario.continuity"                { low = 0.5,  high = 0.95 }
