scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
intervention "callback_agents" { set = { ["j.t.friction"] = 0.01 } }
-- sim:enable("not_checked") in a comment is not a call
local note = [[ sim:enable("nor in a long string") ]]
on_period = function(sim, t)
  if t == 3 then sim:enable("callback_agent") end
end
