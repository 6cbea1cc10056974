scenario {}
segment "a" { share = 1, churn = -0.1 }
journey "j" { touchpoint "t" {} }
