-- A branching journey and a second journey, for the emotional arc
-- (tests/cli/report_browser_test.sh, report_test.sh): the cart leads to
-- pay or to the phone, pay ends the journey, the phone leads to confirm;
-- help is a journey of its own. The arc draws browse-cart-pay,
-- cart-phone-confirm and faq-chat: never pay-phone (the branches) nor
-- confirm-faq (two journeys).
scenario { name = "branches", horizon = 2, population = 300, reps = 2 }
segment "all" { margin = 10 }
journey "shop" {
  touchpoint "browse"  { next = { cart = 0.6, browse = 0.2, done = 0.2 } },
  touchpoint "cart"    { friction = 0.2, abandon = 0.3, next = { pay = 0.5, phone = 0.5 } },
  touchpoint "pay"     { next = "done" },
  touchpoint "phone"   { base = -0.2, next = "confirm" },
  touchpoint "confirm" { },
}
journey "help" { touchpoint "faq" {}, touchpoint "chat" { base = 0.1 } }
variant "baseline" {}
