scenario { horizon = 3 }
segments_from_csv "segments/shares_over.csv"
journey "j" { touchpoint "t" {} }
