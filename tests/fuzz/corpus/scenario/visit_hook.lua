-- A per-visit hook (slow): a courteous agent turns every support visit
-- that went wrong into a neutral one, and only for premium customers.
scenario { name = "visit hook test", horizon = 3, population = 2000, reps = 3 }
segment "premium" { share = 0.5, margin = 50 }
segment "basic" { share = 0.5, margin = 10 }
journey "service" {
  touchpoint "call" { friction = 0.5, severity = 0.6 },
}

on_visit = function(ev)
  if ev.segment == "premium" and ev.friction and ev.emotion < 0 then
    return 0
  end
end
