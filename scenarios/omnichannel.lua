-- scenarios/omnichannel.lua - continuity across channels (F13, F20).
--
-- THE QUESTION. Our customers hop between channels: they see an ad on
-- social media, browse in the app, pay on the website, collect in a store
-- and call when something is wrong. Each system knows only its own part:
-- the basket saved in the app is not on the website, the store cannot see
-- the order, the agent asks for everything again. Is a shared customer view
-- worth its price, and how far should we go?
--   shared_history   - one order history visible everywhere (continuity 0.5);
--   full_omnichannel - one customer record, shared baskets, context handed
--                      over between every channel (continuity 0.9).
--
-- RUN IT
--     cxsim compare scenarios/omnichannel.lua
--     cxsim compare scenarios/omnichannel.lua --set scenario.channel_break=0.8
--       (customers less patient with broken hand-overs)
--
-- HOW THE MODEL SEES IT (docs/model.md, "Channel continuity breaks"). When
-- two consecutive visits are in different channels, the hand-over breaks
-- with probability (1 - continuity) x channel_break. A break acts like a
-- friction event at the second visit: it hurts, doubles the effort and, at a
-- touchpoint where people abandon, can make them give up. continuity is a
-- scenario-wide setting, so the interventions below reach every segment (an
-- intervention for some segments only cannot change it).
--
-- WHAT TO LOOK AT: completion_rate and abandon_rate (a broken hand-over at
-- the cart or checkout loses the sale), effort_mean (customer effort),
-- nps, churn_rate, trust_mean, portfolio_value, cost and roi. With --out,
-- touchpoints.csv has each touchpoint's break_rate.
--
-- WHAT TO EXPECT: both investments raise completion, NPS, trust and
-- retention and lower effort; full omnichannel does most, and both pay for
-- themselves within the year, the shared history with the better ROI
-- because its first steps are the cheapest.

local retail = require "retail"   -- scenarios/lib/retail.lua

-- continuity 0.2: today channels hardly talk to each other (the reference
-- retailer has 0.8). channel_break 0.5: with no continuity at all, half of
-- the hand-overs break.
scenario(retail.settings { name = "Omnichannel continuity", continuity = 0.2 })

retail.personas()

-- The reference journey, moved across more channels: browsing in the app,
-- cart and payment on the website, click-and-collect in a store. Every
-- change of channel along the way is a hand-over that can break:
-- social > app > web (cart, checkout, payment) > email > store > product,
-- and phone for the one customer in seven who calls.
journey "purchase" (retail.purchase {
  browse = { channel = "app" },
  cart = { channel = "web", abandon = 0.15 },     -- a lost basket makes people leave
  delivery = { channel = "store" },                -- click and collect
})

-- A shared order history: every channel sees past orders and open issues.
intervention "shared_history" {
  start = 2,
  cost = { fixed = 40000 },
  set = { ["scenario.continuity"] = 0.5 },
}

-- Full omnichannel: one customer record, baskets that follow the customer,
-- context handed over at every channel change. A bigger project, and a
-- running cost per customer for the platform.
intervention "full_omnichannel" {
  start = 2,
  cost = { fixed = 120000, per_customer = 0.1 },
  set = { ["scenario.continuity"] = 0.9 },
}

variant "baseline" {}
variant "shared_history" { "shared_history" }
variant "full_omnichannel" { "full_omnichannel" }
