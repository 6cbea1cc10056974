scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
on_period = function(sim, t) error("policy failed") end
