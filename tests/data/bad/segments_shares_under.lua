scenario { horizon = 3 }
segments_from_csv "segments/shares_under.csv"
journey "j" { touchpoint "t" {} }
