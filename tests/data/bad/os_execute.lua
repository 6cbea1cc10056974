scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
os.execute("touch /tmp/cxsim-pwned")
