scenario { horizon = 3 }
segments_from_csv "segments/duplicate_column.csv"
journey "j" { touchpoint "t" {} }
