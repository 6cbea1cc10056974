-- scenarios/lib/retail.lua - shared building blocks of the scenario library.
--
-- The scenarios in scenarios/ ask "what if?" of the same online retailer as
-- scenarios/reference.lua: the same three personas and, unless a scenario
-- says otherwise, the same purchase journey. This module holds them once, so
-- that each scenario shows only what it changes. Load it with
--
--     local retail = require "retail"
--
-- `require` looks beside the scenario, then in lib/ beside it, then in the
-- installed scenario library (docs/scenarios.md, "Modules: require"), so a
-- scenario in scenarios/ finds this file as scenarios/lib/retail.lua.
--
-- and use, in a scenario:
--
--     scenario(retail.settings { name = "My what-if", continuity = 0.3 })
--     retail.personas()                                 -- declares the 3 segments
--     retail.personas { premium = { lambda = 3 } }      -- ... with changes
--     journey "purchase" (retail.purchase { checkout = { friction = 0.2 } })
--
-- Changes are merged key by key into the reference's values: nested tables
-- (recovery, trust, ltr, wom) keep the keys you do not name, so
-- `{ recovery = { attempt = 0.8 } }` leaves recovery.success as it was. A
-- `next` you give replaces the reference's `next` as a whole.
--
-- Everything here is plain Lua over the constructors of docs/scenarios.md;
-- copy it into a scenario of your own if you prefer to see every number.

local retail = {}

-- A deep copy of t (plain tables of numbers and strings).
local function copy(t)
  if type(t) ~= "table" then return t end
  local c = {}
  for k, v in pairs(t) do c[k] = copy(v) end
  return c
end

-- base with over merged in, key by key: nested tables merge, `next` and
-- any non-table value replace. Neither argument is modified.
function retail.merge(base, over)
  local out = copy(base)
  for k, v in pairs(over or {}) do
    if k ~= "next" and type(v) == "table" and type(out[k]) == "table" then
      out[k] = retail.merge(out[k], v)
    else
      out[k] = copy(v)
    end
  end
  return out
end

-- Scenario-wide settings of the library: the reference retailer's, sized to
-- run in a few seconds (20,000 customers, 10 replications, 12 months).
-- Raise population and reps (or use --reps, --set scenario.population=...)
-- when the confidence intervals matter more than the time.
function retail.settings(own)
  return retail.merge({
    name = "Online retailer",
    horizon = 12,           -- periods; one period is a month
    population = 20000,     -- customers at the start
    reps = 10,              -- replications unless --reps says otherwise
    discount_rate = 0.01,   -- per month, for lifetime value
    continuity = 0.8,       -- good omnichannel: context follows the customer (F13)
    inflow = 0.004,         -- new customers a month without word of mouth
    wom = { rho_p = 0.3, rho_d = 0.3, nu = 4, conv = 0.1, deter = 0.02 },  -- F8, F11
  }, own)
end

-- Behaviour every persona shares (how they remember, recommend, leave and
-- buy more), as in the reference scenario.
function retail.persona(own)
  return retail.merge({
    ltr = { a = 0.6, b = 3.7, c = 2.0, sigma = 1.05 },  -- likelihood to recommend
    g_r = 1.3,              -- a bad experience raises the churn hazard
    d_r = 1.8,              -- a good one makes trying something new likelier
  }, own)
end

-- The three personas of the reference scenario, in declaration order.
retail.persona_names = { "value_seeker", "loyal_regular", "premium" }
local personas = {
  value_seeker = {          -- price hunters: many, low margin, quick to leave
    share = 0.55, margin = 18, churn = 0.03,
    lambda = 2.2,           -- punish friction harder (F8)
    refuse_data = 0.35,     -- guard their data more (F12)
    trust = { mean = 0.55, sd = 0.15 },
  },
  loyal_regular = {         -- the steady core
    share = 0.30, margin = 35, churn = 0.018,
    kappa = 0.6,            -- trust buffers them more (F4)
    trust = { mean = 0.7, sd = 0.12 },
  },
  premium = {               -- few, high margin, high expectations
    share = 0.15, margin = 70, churn = 0.015,
    lambda = 2.5,           -- bad moments weigh more
    uplift = 0.15,          -- cross-sell grows their basket more
    trust = { mean = 0.65, sd = 0.12 },
  },
}

-- Declares the three personas as segments. changes: persona name -> keys
-- to change (merged), e.g. { premium = { tau_r = 0.2 } }; the key `all`
-- changes every persona (a named persona's change wins over it).
function retail.personas(changes)
  changes = changes or {}
  for _, name in ipairs(retail.persona_names) do
    local own = retail.merge(retail.merge(personas[name], changes.all), changes[name])
    segment(name)(retail.persona(own))
  end
end

-- The reference purchase journey, touchpoint by touchpoint (docs/scenarios.md
-- has every key). A weight of 2 marks a moment of truth (F2).
retail.purchase_steps = {
  { "discover", { channel = "social", base = 0.75, delight = 0.05, delight_gain = 0.5,
                  personalisation = 0.3 } },                    -- targeted ads
  { "browse", { channel = "web", base = 0.3, friction = 0.07, severity = 0.45, abandon = 0.1,
                next = { cart = 0.85, browse = 0.15 } } },      -- browse some more
  { "cart", { channel = "web", base = 0.75, friction = 0.05, severity = 0.45, abandon = 0.1,
              next = { checkout = 0.85, browse = 0.15 } } },    -- keep shopping
  { "checkout", { channel = "web", base = 0.3, friction = 0.08, severity = 0.35, weight = 2.0,
                  abandon = 0.3, recovery = { attempt = 0.2, success = 0.6 } } },
  { "payment", { channel = "web", base = 0.3, friction = 0.04, severity = 0.35, weight = 1.5,
                 abandon = 0.25, dissonance = 0.6, dissonance_severity = 0.8 } },  -- doubt (F10)
  { "confirmation", { channel = "email", base = 0.75, reassure = 0.4,              -- thank you
                      delight = 0.2, delight_gain = 0.5 } },
  { "delivery", { channel = "logistics", base = 0.3, friction = 0.08, severity = 0.35,
                  weight = 2.0, delight = 0.15, delight_gain = 0.25,
                  recovery = { attempt = 0.3, success = 0.6, gain = 0.45 } } },
  { "first_use", { channel = "product", base = 0.3, delight = 0.15, delight_gain = 0.5,
                   friction = 0.05, severity = 0.45 } },
  { "support", { channel = "phone", optional = 0.15, base = 0.3, friction = 0.1, severity = 0.4,
                 recovery = { attempt = 0.6, success = 0.7, gain = 0.5 } } },
}

-- The touchpoints of the reference purchase journey, for
-- `journey "purchase" (retail.purchase { ... })`. changes: touchpoint name
-- -> keys to change (merged). A name the journey does not have is an error,
-- so that a misspelt touchpoint is not silently ignored.
function retail.purchase(changes)
  changes = changes or {}
  local known, list = {}, {}
  for _, step in ipairs(retail.purchase_steps) do
    local name, params = step[1], step[2]
    known[name] = true
    list[#list + 1] = touchpoint(name)(retail.merge(params, changes[name]))
  end
  for name in pairs(changes) do
    if not known[name] then
      error("retail.purchase: the purchase journey has no touchpoint \"" .. tostring(name)
            .. "\"", 2)
    end
  end
  return list
end

return retail
