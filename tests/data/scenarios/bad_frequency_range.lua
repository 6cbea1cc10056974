-- frequency is a probability
segment "all" {}
journey "j" { frequency = 1.5, touchpoint "t" {} }
