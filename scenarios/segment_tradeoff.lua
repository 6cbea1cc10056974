-- scenarios/segment_tradeoff.lua - a chatbot that helps one persona and hurts another (F15).
--
-- THE QUESTION. Support is a phone line today: a long queue, but agents who
-- can fix things. A chatbot answers at once, costs less per contact and
-- suits value seekers, who want a quick answer and happily let the bot see
-- their orders. Premium customers bring it harder problems, want a person,
-- and dislike a bot that digs into their data. Should the bot replace the
-- phone line for everyone, or only for the mass market?
--
-- RUN IT
--     cxsim compare scenarios/segment_tradeoff.lua
-- and one persona at a time (shares must still sum to 1):
--     cxsim compare scenarios/segment_tradeoff.lua --set segment.value_seeker.share=1 \
--       --set segment.loyal_regular.share=0 --set segment.premium.share=0
--     cxsim compare scenarios/segment_tradeoff.lua --set segment.value_seeker.share=0 \
--       --set segment.loyal_regular.share=0 --set segment.premium.share=1
--
-- HOW THE PERSONAS DIFFER (besides margin and churn, as in the reference):
--   value_seeker - shares data readily (refuse_data 0.15): the bot's
--                  personalisation rarely feels intrusive;
--   premium      - guards its data (refuse_data 0.6): the bot's
--                  personalisation often intrudes; and a problem a person
--                  fixes wins much trust (tau_r 0.2), which the bot, which
--                  fixes less, rarely earns.
-- A touchpoint has one set of parameters for everyone, so the bot's worse
-- record with premium customers' harder problems is an intervention that
-- reaches the premium segment only (premium_cases below).
--
-- WHAT TO LOOK AT: nps, trust_mean, churn_rate, retention and
-- portfolio_value, for everyone and then persona by persona. effort_mean
-- falls with the bot (a chat is 1 effort unit, a phone call 4). cost counts
-- what the bot costs; the phone line's saving is not in cxsim's cost (costs
-- are never negative): take the phone visits of touchpoints.csv (--out DIR)
-- times the cost of a call and add it to the ROI by hand.
--
-- WHAT TO EXPECT: for value seekers the bot is better on every count. For
-- premium customers it is worse: lower NPS and trust, more churn, less
-- value. Over the whole base the bot still raises NPS, but the targeted
-- rollout (chatbot_mass_market) beats the bot for everyone on NPS, trust,
-- retention and value: focus on high-value segments first, and do not
-- push the cheaper channel on those who pay for the better one.

local retail = require "retail"   -- scenarios/lib/retail.lua

scenario(retail.settings { name = "Chatbot: a segment trade-off" })

retail.personas {
  value_seeker = { refuse_data = 0.15 },
  premium = { refuse_data = 0.6, tau_r = 0.2 },
}

-- Shopping as in the reference, minus its support step: support is a
-- journey of its own here (optional = 0: the step is never visited).
journey "purchase" (retail.purchase { support = { optional = 0 } })

-- Asking for help: a quarter of customers a month. Today everyone calls:
-- the queue disappoints (base 0.1, friction 0.25) and costs effort (4),
-- but agents fix most problems. The chat exists in the model from the
-- start, unused (optional = 0), so that switching channels is a change of
-- numbers and the variants stay paired event by event.
journey "help" {
  frequency = 0.25,
  touchpoint "phone" { channel = "phone", base = 0.1, friction = 0.25, severity = 0.4,
                       weight = 1.5, effort = 4, abandon = 0.1,
                       recovery = { attempt = 0.7, success = 0.75, gain = 0.55 } },
  touchpoint "chat"  { channel = "chat", optional = 0, base = 0.35, friction = 0.15,
                       severity = 0.35, weight = 1.5, effort = 1, abandon = 0.1,
                       personalisation = 0.6,          -- it reads your order history
                       recovery = { attempt = 0.5, success = 0.5, gain = 0.3 } },
}

-- The chatbot replaces the phone line: nobody calls, everyone who needs
-- help chats. A fixed cost to build it and 0.2 per conversation.
local chatbot = {
  cost = { fixed = 60000, per_visit = 0.2 },
  set = { ["help.phone.optional"] = 0, ["help.chat.optional"] = 1 },
}
intervention "chatbot_everyone" (chatbot)

-- The same bot for value seekers and loyal regulars only; premium
-- customers keep their phone line.
intervention "chatbot_mass_market" (retail.merge(chatbot, {
  segments = { "value_seeker", "loyal_regular" },
}))

-- What premium customers ask is harder: the bot fails more often with them
-- (friction 0.35) and fixes less (success 0.3). It costs nothing by itself:
-- it is how the chatbot works for that persona.
intervention "premium_cases" {
  segments = { "premium" },
  set = { ["help.chat.friction"] = 0.35, ["help.chat.recovery.success"] = 0.3 },
}

variant "baseline" {}
variant "chatbot_everyone" { "chatbot_everyone", "premium_cases" }
variant "chatbot_mass_market" { "chatbot_mass_market" }
