-- at most 8 successors (CX_MAX_NEXT)
segment "all" {}
journey "j" {
  touchpoint "t" { next = { a = 0.1, b = 0.1, c = 0.1, d = 0.1, e = 0.1,
                           f = 0.1, g = 0.1, h = 0.1, done = 0.1 } },
}
