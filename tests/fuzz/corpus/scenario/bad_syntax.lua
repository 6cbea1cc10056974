-- a Lua syntax error: unclosed table
segment "all" {
  share = 1,
journey "j" { touchpoint "t" {} }
