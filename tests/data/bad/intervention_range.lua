scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
intervention "x" { set = { ["journey.j.t.friction"] = 7 } }
