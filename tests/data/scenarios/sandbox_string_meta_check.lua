-- run after sandbox_string_meta.lua: a fresh state, the stock string methods.
assert(("a"):upper() == "A")
string.upper = nil              -- library tables too are per state
segment "all" {}
journey "j" { touchpoint "t" {} }
