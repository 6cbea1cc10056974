-- A closed form under input uncertainty (tests/cli/uncertainty_test.sh):
-- one touchpoint that ends the journey on every friction event
-- (abandon 1, no recovery, no trust buffer: docs/model.md), so
-- completion_rate = 1 - f. The baseline's f
-- is uniform on [0.1, 0.3], the fix's uniform on [0.05, 0.15], drawn
-- independently; refuse_data matters to nothing here (no
-- personalisation), so its EVPPI is 0.
scenario { name = "closed form", horizon = 2, population = 5000, reps = 2 }
segment "all" { share = 1, margin = 10, kappa = 0 }
journey "j" { touchpoint "t" { friction = 0.2, abandon = 1, recovery = { attempt = 0 } } }
intervention "fix" { set = { ["j.t.friction"] = uniform(0.05, 0.15) } }
variant "baseline" {}
variant "fixed" { "fix" }
parameter "j.t.friction" { low = 0.1, high = 0.3 }
parameter "segment.all.refuse_data" { dist = beta(2, 2) }
