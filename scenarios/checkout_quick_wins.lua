-- scenarios/checkout_quick_wins.lua - three quick wins at checkout (F1, F19, F20).
--
-- THE QUESTION. Our web shop loses people between the product page and the
-- order confirmation. Three fixes are on the table, each small:
--   1. guest_checkout     - drop the forced account registration step
--                           ("remove unnecessary steps");
--   2. clear_navigation   - clearer filters, sizes and returns policy on the
--                           product pages ("reduce confusion");
--   3. transparent_fees   - show delivery and service fees in the cart, not
--                           as a surprise at payment ("eliminate hidden fees").
-- Which is worth most, what do they return for what they cost, and what do
-- all three do together?
--
-- RUN IT
--     cxsim compare scenarios/checkout_quick_wins.lua
--     cxsim compare scenarios/checkout_quick_wins.lua --reps 40 --out results/quick-wins
--
-- WHAT TO LOOK AT. Each variant is compared with the baseline on the same
-- customers and the same random events (common random numbers), so the
-- "difference" column is the effect of the change alone. Read, in order:
--   completion_rate  - fewer abandoned journeys: the direct effect of the fix;
--   churn_rate, retention, trust_mean - what abandoning does to loyalty
--                      (an abandoned journey doubles the churn hazard);
--   nps, acquisitions, referral_share - fewer detractors, more word of mouth;
--   portfolio_value, cost, roi - the business case (F20).
-- The var.red. column says how much pairing sharpened each difference.
--
-- WHAT TO EXPECT. Every fix helps.
--   guest_checkout   - the forced registration step is the worst offender
--                      (a quarter of visits meet friction there, 30 % of
--                      those give up): the biggest rise in NPS and
--                      completion, and by far the best ROI;
--   transparent_fees - about as much value again, but it gives up fee
--                      income on every cart and payment visit: a modest ROI;
--   clear_navigation - the smallest effect; it barely pays for itself in
--                      the first year.
-- Together they do more than the sum of their parts: a customer who gets
-- past one hurdle still meets the others, so removing all of them
-- compounds (F19: small fixes, outsized impact). See scenarios/README.md
-- for the figures.

local retail = require "retail"   -- scenarios/lib/retail.lua

scenario(retail.settings { name = "Checkout quick wins" })

-- The reference scenario's three personas (scenarios/lib/retail.lua):
-- value seekers (55 %), loyal regulars (30 %) and premium customers (15 %).
retail.personas()

-- The purchase journey as it is today. Compared with the reference
-- retailer, three things are worse:
--   browse   - confusing filters and an unclear returns policy: friction 0.14
--              (reference 0.07), and more of those who hit it leave (0.15);
--   register - an account must be created before checkout: a dull step
--              (base 0) where a quarter of customers struggle with passwords
--              and forms, and 30 % of those give up;
--   payment  - delivery and service fees appear only here: 15 % are
--              unpleasantly surprised (severity 0.5), and 35 % of those leave.
journey "purchase" {
  touchpoint "discover"     { channel = "social", base = 0.75, delight = 0.05, delight_gain = 0.5,
                              personalisation = 0.3 },
  touchpoint "browse"       { channel = "web", base = 0.3, friction = 0.14, severity = 0.45,
                              abandon = 0.15, next = { cart = 0.85, browse = 0.15 } },
  touchpoint "cart"         { channel = "web", base = 0.75, friction = 0.05, severity = 0.45,
                              abandon = 0.1, next = { register = 0.85, browse = 0.15 } },
  touchpoint "register"     { channel = "web", base = 0.0, friction = 0.25, severity = 0.35,
                              abandon = 0.3 },
  touchpoint "checkout"     { channel = "web", base = 0.3, friction = 0.08, severity = 0.35,
                              weight = 2.0, abandon = 0.3,        -- a moment of truth (F2)
                              recovery = { attempt = 0.2, success = 0.6 } },
  touchpoint "payment"      { channel = "web", base = 0.3, friction = 0.15, severity = 0.5,
                              weight = 1.5, abandon = 0.35,
                              dissonance = 0.6, dissonance_severity = 0.8 },
  touchpoint "confirmation" { channel = "email", base = 0.75, reassure = 0.4,
                              delight = 0.2, delight_gain = 0.5 },
  touchpoint "delivery"     { channel = "logistics", base = 0.3, friction = 0.08,
                              severity = 0.35, weight = 2.0, delight = 0.15, delight_gain = 0.25,
                              recovery = { attempt = 0.3, success = 0.6, gain = 0.45 } },
  touchpoint "first_use"    { channel = "product", base = 0.3, delight = 0.15,
                              delight_gain = 0.5, friction = 0.05, severity = 0.45 },
  touchpoint "support"      { channel = "phone", optional = 0.15, base = 0.3,
                              friction = 0.1, severity = 0.4,
                              recovery = { attempt = 0.6, success = 0.7, gain = 0.5 } },
}

-- Interventions. Each changes parameters from its start period on and
-- carries its cost; costs are in the same money as the segments' margins.
-- The journey keeps its shape in every variant (the registration step is
-- skipped, not deleted), so the variants stay paired event by event.

-- 1. Guest checkout: registration becomes optional and nobody is made to
-- visit it (optional = 0 skips the touchpoint). A month of development.
intervention "guest_checkout" {
  start = 2,
  cost = { fixed = 20000 },
  set = { ["purchase.register.optional"] = 0 },
}

-- 2. Clear navigation: better filters and size guides, the returns policy
-- in plain words on every product page. Browsing friction falls to the
-- reference's level.
intervention "clear_navigation" {
  start = 2,
  cost = { fixed = 30000 },
  set = { ["purchase.browse.friction"] = 0.07,
          ["purchase.browse.abandon"] = 0.1 },
}

-- 3. Transparent fees: fees are shown in the cart. The payment surprise
-- mostly goes away (friction 0.15 -> 0.04) and the cart gets a little
-- clearer too. Its cost is the fee income given up by pricing more simply:
-- 0.25 per visit to the cart or payment page (the touchpoints it edits).
intervention "transparent_fees" {
  cost = { per_visit = 0.25 },
  set = { ["purchase.payment.friction"] = 0.04,
          ["purchase.cart.friction"] = 0.03 },
}

variant "baseline" {}
variant "guest_checkout" { "guest_checkout" }
variant "clear_navigation" { "clear_navigation" }
variant "transparent_fees" { "transparent_fees" }
variant "all_quick_wins" { "guest_checkout", "clear_navigation", "transparent_fees" }
