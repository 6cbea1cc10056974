-- A journey graph: next as a table (with a loop back to browse and done),
-- as a string, left out (declaration order), and with probability left
-- over (which goes to done).
segment "all" {}
journey "shop" {
  touchpoint "browse"  { next = { cart = 0.6, browse = 0.2, done = 0.2 } },
  touchpoint "cart"    { next = "pay", optional = 0.9 },
  touchpoint "help"    { channel = "phone", optional = 0.25 },
  touchpoint "pay"     { next = { help = 0.3 }, dissonance = 0.4,
                         dissonance_severity = 0.5 },
  touchpoint "confirm" { reassure = 0.7, personalisation = 0.6, next = "done" },
}
