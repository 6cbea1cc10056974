-- web_shop.lua - the scenario the example event log web_shop_log.csv was
-- simulated from (docs/fit.md, "Synthetic event logs"; the log's data
-- dictionary is web_shop_log.md):
--
--   cxsim run scenarios/data/web_shop.lua --reps 1 --seed 7 \
--       --events scenarios/data/web_shop_log.csv --events-sample 400
--
-- A web shop's visits: customers land on the home page, on search or on
-- an e-mailed offer, browse products, fill a cart and check out; at each
-- step some leave (drop). Friction at search, cart and checkout shows in
-- the visits' CSAT answers (severity 0.6: a friction event scores 2 or
-- less, a calm visit 3). `cxsim fit` on the log recovers this journey.
scenario {
  name = "Web shop (source of the example event log)",
  horizon = 6, population = 1000, reps = 1,
  continuity = 1,               -- no continuity breaks: CSAT shows friction alone
  inflow = 0.02,
}

segment "regular" { share = 0.65, churn = 0.01 }
segment "bargain" { share = 0.35, churn = 0.03, lambda = 2.5 }

journey "visit" {
  start = { home = 0.35, search = 0.5, offer = 0.15 },
  frequency = { regular = 0.8, bargain = 0.5 },
  touchpoint "home"     { next = { search = 0.45, product = 0.25, drop = 0.3 } },
  touchpoint "search"   { friction = 0.08, severity = 0.6,
                          next = { product = 0.6, search = 0.1, drop = 0.3 } },
  touchpoint "offer"    { channel = "email", next = { product = 0.5, drop = 0.5 } },
  touchpoint "product"  { next = { cart = 0.4, search = 0.2, drop = 0.4 } },
  touchpoint "cart"     { friction = 0.15, severity = 0.6,
                          next = { checkout = 0.7, product = 0.1, drop = 0.2 } },
  touchpoint "checkout" { friction = 0.1, severity = 0.6, next = { drop = 0.08 } },
}
