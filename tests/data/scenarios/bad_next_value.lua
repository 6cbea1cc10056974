-- a successor probability must be a number
segment "all" {}
journey "j" {
  touchpoint "browse" { next = { cart = "often", done = 0.1 } },
  touchpoint "cart" {},
}
