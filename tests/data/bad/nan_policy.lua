-- a policy setting a parameter to NaN between periods: refused, naming it
scenario { population = 200, horizon = 3 }
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
on_period = function(sim, t) sim:set("segment.a.margin", 0/0) end
