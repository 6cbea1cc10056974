-- friction outside [0,1] on line 5: exit 3, message names line 5
scenario { name = "bad", horizon = 2, population = 10 }
segment "all" { share = 1 }
journey "j" {
  touchpoint "checkout" { friction = 1.3 },
}
