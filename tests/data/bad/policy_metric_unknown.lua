scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
on_period = function(sim, t)
  --[==[ a long comment: sim:metric("nothing") ]==]
  if sim:metric( 'chrun_rate' ) > 0.1 then sim:set("j.t.friction", 0.01) end
end
