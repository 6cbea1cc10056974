-- Value of information with one input that matters
-- (tests/cli/uncertainty_test.sh): the fix sets the touchpoint's friction
-- from 0.2 to f, uniform on [0.05, 0.35], so it gains when f < 0.2 and
-- loses otherwise; nothing else differs between the variants, so the
-- EVPPI of f is the EVPI, and that of refuse_data (no personalisation
-- here) is 0.
scenario { name = "one input matters", horizon = 2, population = 5000, reps = 2 }
segment "all" { share = 1, margin = 10, kappa = 0 }
journey "j" { touchpoint "t" { friction = 0.2, abandon = 1, recovery = { attempt = 0 } } }
intervention "fix" { set = { ["j.t.friction"] = uniform(0.05, 0.35) } }
variant "baseline" {}
variant "fixed" { "fix" }
parameter "segment.all.refuse_data" { dist = beta(2, 2) }
