-- luacheck configuration for cxsim scenarios: the constructors are globals
-- the loader provides; everything else must be declared local.
std = "lua54"
read_globals = { "scenario", "segment", "journey", "touchpoint" }
max_line_length = 100
