-- tests/data/quickwins/none.lua - a scenario without interventions:
-- nothing for quickwins to rank.
scenario { name = "No interventions", horizon = 3, population = 200 }
segment "all" { share = 1 }
journey "buy" { touchpoint "shop" { channel = "web" } }
