scenario { horizon = 3 }
segments_from_csv "segments/unknown_column.csv"
journey "j" { touchpoint "t" {} }
