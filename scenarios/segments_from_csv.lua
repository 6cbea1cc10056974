-- scenarios/segments_from_csv.lua - the reference retailer with its customer
-- segments kept in a spreadsheet: scenarios/segments.csv.
--
-- THE QUESTION. The CRM team owns the segment figures (shares, margins,
-- churn, trust) and updates them every quarter in a spreadsheet. How does a
-- scenario use their export as it is, without anyone copying numbers into
-- Lua? And, once it does: is a retention offer for the segment that leaves
-- fastest worth its cost?
--
-- RUN IT
--     cxsim compare scenarios/segments_from_csv.lua
--     cxsim sensitivity scenarios/segments_from_csv.lua --reps 4
--       (the churn ranges declared below, from the spreadsheet's values)
--
-- HOW. `segments_from_csv "segments.csv"` reads the file beside this one:
-- a header row naming the keys (name, share, and any key a segment { }
-- takes, dotted ones as trust.mean or ltr.a), then one segment per row; an
-- empty cell keeps the key's default (docs/scenarios.md, "Segments from a
-- CSV file"). The file holds the three personas of the reference scenario,
-- so every figure here can be read beside scenarios/reference.lua and the
-- other scenarios of this library. It returns the segments as a list of
-- tables, which the scenario uses below to declare churn ranges.
--
-- WHAT TO EXPECT. Value seekers (55 % of customers, 3 % base churn a month)
-- leave fastest. A retention offer for them (a fifth off their churn hazard,
-- 0.5 a month per customer reached) keeps more of them: retention and
-- portfolio value rise. NPS dips a little, since the offer changes no
-- journey and the customers it keeps are the quickest to turn detractor.
-- Whether it pays is the roi line of `cxsim compare`
-- (scenarios/README.md has the figures).

local retail = require "retail"

scenario(retail.settings { name = "Online retailer, segments from a spreadsheet" })

local personas = segments_from_csv "segments.csv"

journey "purchase" (retail.purchase())

-- The spreadsheet's churn figures are estimates: declare each segment's
-- base churn hazard uncertain within 40 % of its value, for
-- `cxsim sensitivity` and `cxsim sweep` (run and compare use the values).
for _, s in ipairs(personas) do
  parameter("segment." .. s.name .. ".churn") { low = 0.6 * s.churn, high = 1.4 * s.churn }
end

intervention "retention_offer" {
  segments = { "value_seeker" },
  cost = { per_customer = 0.5 },
  set = { ["segment.value_seeker.churn"] = 0.024 },   -- 0.03 less a fifth
}

variant "baseline" {}
variant "retention_offer" { "retention_offer" }
