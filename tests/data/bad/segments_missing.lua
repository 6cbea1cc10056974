scenario { horizon = 3 }
segments_from_csv "segments/missing.csv"
journey "j" { touchpoint "t" {} }
