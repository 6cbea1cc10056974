-- Several journeys, each with its frequency: a number, or per segment with
-- "*" for the segments not listed; the segments come after the journeys.
scenario { personal_gain = 0.4, intrusion = 0.6, intrusion_severity = 0.5,
           max_visits = 50 }
journey "purchase" {
  touchpoint "browse" {},
  touchpoint "checkout" { dissonance = 0.3 },
}
journey "support" {
  frequency = { premium = 0.5, value_seeker = 0.1, ["*"] = 0.05 },
  touchpoint "call" { channel = "phone" },
}
journey "renewal" { frequency = 0.2, touchpoint "letter" { channel = "mail" } }
journey "visit" { touchpoint "shop" {}, frequency = { premium = 0.3 } }
segment "value_seeker" { share = 0.5 }
segment "premium"      { share = 0.3 }
segment "casual"       { share = 0.2 }
