-- a scenario needs a journey
segment "all" {}
