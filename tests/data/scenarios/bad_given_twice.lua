-- the same key nested and flat
segment "all" { trust = { mean = 0.5 }, ["trust.mean"] = 0.6 }
