scenario { horizon = 3 }
segment "other" { share = 0.75 }
segments_from_csv "segments/shares_under.csv"
journey "j" { touchpoint "t" {} }
