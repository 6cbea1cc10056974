-- luacheck configuration for cxsim scenarios: the constructors are globals
-- the loader provides; everything else must be declared local, except
-- on_period, the one global a scenario may define (the policy hook).
std = "lua54"
read_globals = { "scenario", "segment", "journey", "touchpoint", "intervention", "variant" }
globals = { "on_period" }
max_line_length = 100
