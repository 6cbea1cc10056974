-- A dynamic policy: agents are empowered once churn passes 1 %, and a
-- global counter (which must not leak between replications) decides
-- nothing but is there to tempt it.
scenario { name = "policy test", horizon = 6, population = 3000, reps = 4 }
segment "all" { margin = 20, churn = 0.03 }
journey "purchase" {
  touchpoint "checkout" { friction = 0.3, severity = 0.5, abandon = 0.3 },
  touchpoint "support"  { recovery = { attempt = 0.1 } },
}
intervention "win_back" {
  cost = { per_customer = 0.1 },
  set = { ["purchase.support.recovery.attempt"] = 0.9 },
}
variant "baseline" {}
variant "watchful" {}

calls = 0
on_period = function(sim, t)
  calls = calls + 1
  if sim:metric("churn_rate") > 0.01 and t >= 2 then
    sim:enable("win_back")
  end
end
