-- friction out of range: reported at the touchpoint line
segment "all" { share = 1 }
journey "purchase" {
  touchpoint "discover" { channel = "social" },
  touchpoint "checkout" { channel = "web",
                          friction = 1.3 },
}
