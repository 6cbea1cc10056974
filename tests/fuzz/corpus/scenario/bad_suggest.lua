-- a misspelt key: with a suggestion
segment "all" {}
journey "purchase" {
  touchpoint "checkout" { frcition = 0.1 },
}
