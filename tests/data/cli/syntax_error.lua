-- a Lua syntax error on line 3
scenario { name = "bad" }
segment "all" { share = = 1 }
