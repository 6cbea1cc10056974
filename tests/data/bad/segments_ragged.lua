scenario { horizon = 3 }
segments_from_csv "segments/ragged.csv"
journey "j" { touchpoint "t" {} }
