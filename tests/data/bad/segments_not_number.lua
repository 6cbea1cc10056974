scenario { horizon = 3 }
segments_from_csv "segments/not_number.csv"
journey "j" { touchpoint "t" {} }
