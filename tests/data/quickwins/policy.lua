-- tests/data/quickwins/policy.lua - which interventions quickwins ranks
-- when a policy is there (docs/analysis.md, "Candidates").
--
-- fix is an ordinary fix: ranked. alarm is the policy's switch (it reads it
-- with sim:enabled): left out. hotline is switched by the policy but
-- declares candidate = true: ranked. logo declares candidate = false: left
-- out. The quoted name in the comment below is not a call.
scenario { name = "Policy candidates", horizon = 4, population = 500, reps = 2 }
segment "all" { share = 1, margin = 20 }
journey "buy" {
  touchpoint "checkout" { friction = 0.4, severity = 0.5, abandon = 0.4 },
}
intervention "fix" { cost = { fixed = 100 }, set = { ["buy.checkout.friction"] = 0.1 } }
intervention "hotline" { candidate = true, set = { ["buy.checkout.abandon"] = 0.1 } }
intervention "alarm" {}
intervention "logo" { candidate = false, set = { ["buy.checkout.delight_gain"] = 0.2 } }
-- sim:enable("fix") would make fix the policy's; a comment does not
on_period = function(sim, t)
  if sim:enabled("alarm") and sim:metric("churn_rate") > 0 then sim:enable("hotline") end
end
