scenario { horizon = 3 }
segments_from_csv "segments/duplicate_name.csv"
journey "j" { touchpoint "t" {} }
