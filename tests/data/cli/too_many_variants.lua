-- more variants than a run holds (64): refused, not silently cut to the first 64
segment "everyone" {}
journey "visit" { touchpoint "shop" {} }
intervention "easier" { set = { ["visit.shop.friction"] = 0.05 } }
variant "baseline" {}
for i = 1, 70 do
  variant("v" .. i) { "easier" }
end
