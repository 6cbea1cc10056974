-- stuck.lua - a journey that loops for ever (the simulation ends each walk
-- after max_visits visits): the chain has no answer, and says so.
scenario { name = "Stuck", horizon = 1, population = 200, reps = 2, max_visits = 10 }

segment "all" {}

journey "buy" {
  touchpoint "a" { next = { b = 1 } },
  touchpoint "b" { next = { a = 1 } },
}

journey "fine" { touchpoint "c" {} }
