scenario { horizon = 3 }
segments_from_csv "segments/empty.csv"
journey "j" { touchpoint "t" {} }
