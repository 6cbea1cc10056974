scenario { horizon = 3 }
segments_from_csv "segments/out_of_range.csv"
journey "j" { touchpoint "t" {} }
