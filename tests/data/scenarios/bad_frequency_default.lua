-- a per-segment frequency is a probability too
segment "all" {}
journey "j" { frequency = { all = 0.5, ["*"] = -0.1 }, touchpoint "t" {} }
