scenario { horizon = 3 }
segments_from_csv "segments/shares_under.csv"
segment "other" { share = 0.25 }
journey "j" { touchpoint "t" {} }
