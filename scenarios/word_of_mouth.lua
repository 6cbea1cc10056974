-- scenarios/word_of_mouth.lua - prevent bad stories or create good ones? (F8, F11, F14)
--
-- THE QUESTION. Most of our new customers come from word of mouth. With one
-- budget, should we
--   fix_failures - make fewer things go wrong after the sale (deliveries,
--                  first use, support calls), or
--   add_delight  - create more "wow" moments at the same touchpoints: a
--                  handwritten note in the parcel, a surprise upgrade?
-- Both are sized to change the same number of events per journey: every
-- failure fix_failures prevents, add_delight turns into a delight instead.
--
-- RUN IT
--     cxsim compare scenarios/word_of_mouth.lua
--     cxsim compare scenarios/word_of_mouth.lua --set scenario.wom.nu=1
--       (if bad news travelled no further than good news)
--
-- HOW THE MODEL SEES IT. Negativity bias works twice (docs/model.md):
--   - in memory, a failure hits lambda (2.2-2.5) times harder than its
--     size, and a bad moment is likelier to become the remembered peak;
--   - in word of mouth, a detractor talks nu = 4 times as much as a
--     promoter (the broken-guitar story: 14 M views against 3.5 M), and each
--     negative conversation puts prospects off (wom.deter).
-- New customers = inflow + conv x positive - deter x negative conversations;
-- referral_share is the part that came from positive conversations.
--
-- WHAT TO LOOK AT: detractor_share and promoter_share, nps, acquisitions,
-- referral_share, then retention and portfolio_value.
--
-- WHAT TO EXPECT: both help, but preventing failures wins: it removes
-- detractors, who talk four times as much, while delight only adds some
-- promoters. fix_failures brings clearly more new customers than
-- add_delight for the same money. With --set scenario.wom.nu=1 every
-- variant's acquisitions rise (fewer prospects are put off) and the gap
-- between the two narrows.

local retail = require "retail"   -- scenarios/lib/retail.lua

scenario(retail.settings { name = "Word of mouth" })

retail.personas()

-- The reference journey as it is (scenarios/lib/retail.lua): after the sale,
-- delivery fails 8 % of the time, first use 5 %, and 10 % of support calls
-- (15 % of customers call) go wrong.
journey "purchase" (retail.purchase())

-- Both cost the same: 0.3 per visit to the three touchpoints they edit.

-- Prevent failures: better packaging and courier checks, clearer set-up
-- instructions, a better-trained support line.
intervention "fix_failures" {
  cost = { per_visit = 0.3 },
  set = {
    ["purchase.delivery.friction"] = 0.02,     -- 0.08 -> 0.02
    ["purchase.first_use.friction"] = 0.01,    -- 0.05 -> 0.01
    ["purchase.support.friction"] = 0.03,      -- 0.10 -> 0.03
  },
}

-- Add delight: the same number of events, turned positive. Each delight
-- is as big as the touchpoint's delight_gain says (0.25 at delivery, a
-- moment of truth, so 0.5 with its weight; 0.5 at first use; 0.3 on the
-- phone).
intervention "add_delight" {
  cost = { per_visit = 0.3 },
  set = {
    ["purchase.delivery.delight"] = 0.21,      -- 0.15 -> 0.21
    ["purchase.first_use.delight"] = 0.19,     -- 0.15 -> 0.19
    ["purchase.support.delight"] = 0.07,       -- 0    -> 0.07
  },
}

variant "baseline" {}
variant "fix_failures" { "fix_failures" }
variant "add_delight" { "add_delight" }
