-- a misspelt key inside a nested table
segment "all" {}
journey "purchase" {
  touchpoint "checkout" { recovery = { atempt = 0.2 } },
}
