-- a successor must be a touchpoint of the journey (cx_model_add_journey)
segment "all" {}
journey "j" {
  touchpoint "browse" { next = { cart = 0.5, chekout = 0.5 } },
  touchpoint "cart" {},
  touchpoint "checkout" {},
}
