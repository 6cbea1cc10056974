scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
intervention "fix" { candidate = "yes", set = { ["j.t.friction"] = 0.01 } }
