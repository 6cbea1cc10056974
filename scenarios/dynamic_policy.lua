-- scenarios/dynamic_policy.lua - a win-back programme switched on by a churn alarm.
--
-- THE QUESTION. Our courier is about to go through a rough patch: from
-- month 5 to month 8, far more deliveries go wrong, and churn will rise.
-- A win-back programme (a proactive apology and a voucher after a failed
-- delivery, retention offers to customers who look like leaving) costs
-- money every month it runs. Should it run all year, or only while the
-- churn alarm rings?
--   always_on  - the programme runs from month 1 to month 12;
--   on_trigger - a policy watches the monthly churn rate and runs the
--                programme only while it is high.
--
-- RUN IT
--     cxsim compare scenarios/dynamic_policy.lua
--     cxsim compare scenarios/dynamic_policy.lua --out results/policy
--       (periods.csv shows, month by month, churn_rate and cost)
--
-- HOW IT WORKS. on_period(sim, t) runs after every month t, in every
-- variant, and what it changes acts from month t + 1 on (docs/scenarios.md,
-- "on_period"). It does two things here:
--   1. the world: at the end of month 4 the courier's failure rate jumps
--      from 8 % to 45 % (sim:set), and at the end of month 8 it recovers.
--      This happens in every variant: nobody controls it;
--   2. our policy, only in variants that enable the churn_watch
--      intervention (it changes nothing by itself: it is a switch the
--      policy reads with sim:enabled): win_back is enabled when a month's
--      churn rate passes 3 %, and disabled again once churn is below 2.7 %
--      and the programme has run at least 3 months. Without that minimum
--      the policy flickers: the programme lowers churn, the all-clear
--      sounds, the programme stops, churn rises again.
--
-- WHAT TO LOOK AT: churn_rate, retention, trust_mean, portfolio_value, cost
-- and roi of both variants against the baseline; and in periods.csv
-- (--out), the churn_rate and cost month by month: in the baseline churn
-- climbs from about 2.7 % to 3.4 % during the bad months and stays near
-- 3 % afterwards (trust lost is slow to come back, F4); the triggered
-- programme starts the month after the alarm.
--
-- WHAT TO EXPECT: both variants cut churn and keep more customers. Running
-- all year keeps the most customers and the most value in total, but costs
-- about three times as much as running on the alarm, so the triggered
-- policy has the better ROI. Its confidence intervals are wider than the
-- always-on ones: when the alarm rings, and for how long, differs from one
-- replication to the next (in some, a quiet month's churn crosses 3 % by
-- chance and the programme starts early).

local retail = require "retail"   -- scenarios/lib/retail.lua

scenario(retail.settings { name = "Dynamic win-back policy" })

retail.personas()

journey "purchase" (retail.purchase())

-- The win-back programme: agents reach out after every failed delivery
-- (recovery attempt 0.9, a voucher that delights: gain 0.5), and
-- retention offers lower every persona's base churn hazard by a fifth.
-- Cost: 0.6 a month per active customer.
intervention "win_back" {
  cost = { per_customer = 0.6 },
  candidate = true,   -- switched by the policy below, and all year a fix quickwins ranks
  apply = function(m)
    local r = m.journey.purchase.delivery.recovery
    r.attempt = 0.9
    r.success = 0.8
    r.gain = 0.5
    for _, name in ipairs(retail.persona_names) do
      m.segment[name].churn = m.segment[name].churn * 0.8
    end
  end,
}

-- A switch for the policy below: it changes no parameter and costs nothing.
intervention "churn_watch" {}

variant "baseline" {}
variant "always_on" { "win_back" }
variant "on_trigger" { "churn_watch" }

local ALARM, ALL_CLEAR = 0.03, 0.027   -- monthly churn rates
local MIN_MONTHS = 3                    -- once started, run at least this long

-- The month win_back was switched on (nil: off). A policy may keep state
-- like this between months; each replication starts afresh.
local started = nil

on_period = function(sim, t)
  -- 1. The world (every variant): the courier's bad months 5 to 8.
  if t == 4 then sim:set("purchase.delivery.friction", 0.45) end
  if t == 8 then sim:set("purchase.delivery.friction", 0.08) end

  -- 2. Our policy (only where churn_watch is on).
  if sim:enabled("churn_watch") then
    local churn = sim:metric("churn_rate")
    if not started and churn > ALARM then
      sim:enable("win_back")
      started = t
    elseif started and churn < ALL_CLEAR and t - started >= MIN_MONTHS then
      sim:disable("win_back")
      started = nil
    end
  end
end
