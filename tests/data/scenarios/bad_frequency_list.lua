-- per-segment frequencies are keyed by segment name
segment "all" {}
journey "j" { frequency = { 0.5 }, touchpoint "t" {} }
