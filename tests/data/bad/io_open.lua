scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
io.open("/tmp/cxsim-pwned", "w")
