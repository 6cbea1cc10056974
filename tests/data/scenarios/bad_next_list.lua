-- next is a table of name = probability, not a list
segment "all" {}
journey "j" {
  touchpoint "browse" { next = { "cart", "done" } },
  touchpoint "cart" {},
}
