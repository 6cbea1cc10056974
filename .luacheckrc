-- luacheck configuration for cxsim scenarios: the constructors are globals
-- the loader provides; everything else must be declared local, except
-- on_period and on_visit, the globals a scenario may define (the hooks).
std = "lua54"
read_globals = { "scenario", "segment", "journey", "touchpoint", "intervention", "variant",
                 "parameter", "set", "segments_from_csv",
                 "uniform", "triangular", "normal", "lognormal", "beta", "discrete" }
globals = { "on_period", "on_visit" }
max_line_length = 100
