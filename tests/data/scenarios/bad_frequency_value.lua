-- per-segment values are numbers
segment "all" {}
journey "j" { frequency = { all = "often" }, touchpoint "t" {} }
