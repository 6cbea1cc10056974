scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
intervention "fix" { set = { ["j.t.friction"] = 0.01 } }
variant "baseline" {}
variant "policy" { "fix" }
-- a typo: cxsim would never call on_periods, and "policy" would equal the baseline
on_periods = function(sim, t)
  sim:disable("fix")
end
