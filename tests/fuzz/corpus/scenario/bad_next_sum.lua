-- successor probabilities sum to at most 1 (cx_model_add_journey)
segment "all" {}
journey "j" {
  touchpoint "browse" { next = { cart = 0.7, done = 0.5 } },
  touchpoint "cart" {},
}
