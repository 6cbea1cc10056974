-- shares must sum to 1 (cx_model_validate)
segment "a" { share = 0.5 }
segment "b" { share = 0.4 }
journey "j" { touchpoint "t" {} }
