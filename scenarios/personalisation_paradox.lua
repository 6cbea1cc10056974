-- scenarios/personalisation_paradox.lua - how much personalisation? (F12)
--
-- THE QUESTION. Marketing wants to personalise the ads, the product
-- recommendations, the cart ("you may also like") and the order e-mail.
-- Data sharers enjoy relevant suggestions; but about a third of our
-- customers refuse to share their data, and for them a heavily personalised
-- page feels like being watched. Which level should we pick: low, medium or
-- high?
--
-- RUN IT
--     cxsim compare scenarios/personalisation_paradox.lua
--     cxsim compare scenarios/personalisation_paradox.lua --set 'segment.*.refuse_data=0.5'
--       (what if half of every persona refused? the best level moves down)
--
-- HOW THE MODEL SEES IT (docs/model.md, "Personalisation and data
-- consent"). At a touchpoint personalised at level p:
--   - a customer who shares data is delighted more often: the delight
--     probability rises by p x personal_gain;
--   - a customer who refuses meets an intrusion with probability
--     p^2 x intrusion: it hurts like friction and costs trust.
-- The gain grows like p, the harm like p^2: a light touch pays, a heavy one
-- backfires (the personalisation paradox).
--
-- WHAT TO LOOK AT: nps, journey_satisfaction, trust_mean, churn_rate and
-- portfolio_value of each level against no personalisation.
--
-- WHAT TO EXPECT: an inverted U. Low and medium raise NPS, acquisitions and
-- value, medium most; high personalisation loses trust, raises churn and
-- is worth less than no personalisation at all, although its journey
-- satisfaction is still up (data sharers love it; the refusers leave).
-- Not every indicator peaks at the same level (F18): trust and retention
-- are best already at low, because even medium personalisation intrudes on
-- some refusers. With half of every persona refusing
-- (--set 'segment.*.refuse_data=0.5'), low becomes the best level and medium
-- barely breaks even.

local retail = require "retail"   -- scenarios/lib/retail.lua

-- personal_gain: this retailer's recommendations are good - at full
-- personalisation half of the data sharers find a pleasant surprise at a
-- personalised touchpoint (default 0.3). intrusion and intrusion_severity
-- stay at their defaults (0.5 and 0.4).
scenario(retail.settings { name = "Personalisation paradox", personal_gain = 0.5 })

-- Personas of the reference retailer: 35 % of value seekers and 30 % of
-- the others refuse to share data (refuse_data).
retail.personas()

-- The reference journey, personalised nowhere today (the reference
-- scenario's ads use personalisation 0.3; here they start at 0). A good
-- recommendation while browsing is a real find (delight_gain 0.5).
journey "purchase" (retail.purchase {
  discover = { personalisation = 0 },
  browse = { delight_gain = 0.5 },
})

-- One intervention per level: the same four touchpoints personalised at
-- level p. The cost is the same at every level: a recommendation engine
-- (fixed 15,000) and 0.01 per personalised page served.
local function personalise(p)
  return {
    cost = { fixed = 15000, per_visit = 0.01 },
    set = {
      ["purchase.discover.personalisation"] = p,       -- targeted ads
      ["purchase.browse.personalisation"] = p,         -- recommendations
      ["purchase.cart.personalisation"] = p,           -- "you may also like"
      ["purchase.confirmation.personalisation"] = p,   -- tailored order e-mail
    },
  }
end

intervention "personalise_low" (personalise(0.2))
intervention "personalise_medium" (personalise(0.4))
intervention "personalise_high" (personalise(0.9))

variant "baseline" {}
variant "low" { "personalise_low" }
variant "medium" { "personalise_medium" }
variant "high" { "personalise_high" }
