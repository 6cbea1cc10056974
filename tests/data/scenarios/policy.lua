-- A policy: support agents when churn runs high, a random abandon fix, and
-- state (a global counter, the string metatable) that begin() must reset.
scenario { name = "policy", horizon = 6, population = 3000 }
segment "all" { churn = 0.05 }
journey "buy" {
  touchpoint "pay" { friction = 0.4, abandon = 0.3, recovery = { attempt = 0.1 } },
}
intervention "agents" { set = { ["buy.pay.recovery.attempt"] = 0.9 }, cost = { per_customer = 1 } }
intervention "cheap"  { set = { ["buy.pay.friction"] = 0.1 } }
variant "baseline" {}
variant "eager" { "cheap" }

calls = 0                   -- counts calls within one replication
on_period = function(sim, t)
  calls = calls + 1
  assert(calls == t and sim.period == t, "state leaked: " .. calls .. " calls at period " .. t)
  assert(("a"):upper() == "A", "string metatable leaked")
  if sim:metric("churn_rate") > 0.02 and not sim:enabled("agents") then
    sim:enable("agents")
  end
  if math.random() < 0.5 then sim:set("buy.pay.abandon", 0.1) end  -- seeded per replication
  if t == 4 then sim:disable("agents") end
  if t == sim.horizon - 1 then                       -- the last call: tamper
    getmetatable("").__index = { upper = function() return "leaked" end }
  end
end
