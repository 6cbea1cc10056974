-- scenarios/post_purchase_reassurance.lua - doubt after a big purchase (F10, F5, F6).
--
-- THE QUESTION. Now and then our customers buy something big: a sofa, a
-- laptop, a bike. After paying, many wonder whether they chose well
-- ("buyer's remorse", cognitive dissonance). Today they get a bare receipt
-- and, a week later, a sales e-mail. Would a warm thank-you note, or an
-- e-mail with usage tips after the delivery, turn doubt into conviction?
--   thank_you_note - the receipt becomes a personal thank-you that confirms
--                    the choice (reassure 0.5);
--   usage_tips     - the follow-up e-mail becomes "getting the most out of
--                    your new sofa" (reassure 0.6).
--
-- RUN IT
--     cxsim compare scenarios/post_purchase_reassurance.lua
--     cxsim compare scenarios/post_purchase_reassurance.lua \
--       --set journey.big_purchase.order.dissonance=0.4   (less doubt to begin with)
--
-- HOW THE MODEL SEES IT (docs/model.md, "Post-purchase dissonance and
-- reassurance"). The order is a purchase with dissonance 0.8: at the end of
-- the journey, with probability 0.8 x (1 - reassure of each later touchpoint),
-- doubt lowers the emotion of the last visit by 0.9. By the peak-end rule
-- the end weighs half of the remembered journey, so doubt costs far more
-- than its size suggests.
--
-- WHAT TO LOOK AT: emotion_end and journey_satisfaction first, then nps,
-- trust_mean, churn_rate, acquisitions and portfolio_value, against
-- csat_mean. Doubt is felt after the last touchpoint has been rated, so
-- touchpoint CSAT barely moves (F6: touchpoints rated well, the journey
-- remembered worse) - a survey per touchpoint would never show this win.
--
-- WHAT TO EXPECT: both touches raise the end of the journey, journey
-- satisfaction, NPS and retention; usage tips a little more (they
-- reassure more: 0.6 against 0.5); both together most. csat_mean changes in the
-- third decimal at most. Both are cheap, so the ROI is large.

local retail = require "retail"   -- scenarios/lib/retail.lua

scenario(retail.settings { name = "Post-purchase reassurance" })

retail.personas()

-- Everyday shopping, as in the reference retailer.
journey "purchase" (retail.purchase())

-- The big purchase: 15 % of customers a month. Research on the web, advice
-- in a showroom, the order (a moment of truth and a purchase that invites
-- doubt), the receipt, delivery, setting it up, and a follow-up e-mail.
-- Today neither e-mail reassures (reassure 0).
journey "big_purchase" {
  frequency = 0.15,
  touchpoint "research"  { channel = "web", base = 0.3, friction = 0.05, severity = 0.4 },
  touchpoint "advice"    { channel = "store", base = 0.5, delight = 0.15, delight_gain = 0.4,
                           friction = 0.05, severity = 0.4 },
  touchpoint "order"     { channel = "web", base = 0.3, weight = 2.0, friction = 0.04,
                           severity = 0.35, abandon = 0.2,
                           dissonance = 0.8, dissonance_severity = 0.9 },   -- "did I choose well?"
  touchpoint "receipt"   { channel = "email", base = 0.3 },
  touchpoint "delivery"  { channel = "logistics", base = 0.3, weight = 2.0, friction = 0.1,
                           severity = 0.35,
                           recovery = { attempt = 0.4, success = 0.6, gain = 0.45 } },
  touchpoint "setup"     { channel = "product", base = 0.3, friction = 0.1, severity = 0.4,
                           delight = 0.1, delight_gain = 0.5 },
  touchpoint "follow_up" { channel = "email", base = 0.3 },
}

-- A personal thank-you instead of a bare receipt: 0.05 per e-mail sent.
intervention "thank_you_note" {
  cost = { fixed = 5000, per_visit = 0.05 },
  set = { ["big_purchase.receipt.reassure"] = 0.5 },
}

-- Usage tips after delivery instead of a sales mail: content to write and
-- keep up to date, 0.2 per e-mail.
intervention "usage_tips" {
  cost = { fixed = 15000, per_visit = 0.2 },
  set = { ["big_purchase.follow_up.reassure"] = 0.6 },
}

variant "baseline" {}
variant "thank_you_note" { "thank_you_note" }
variant "usage_tips" { "usage_tips" }
variant "both" { "thank_you_note", "usage_tips" }
