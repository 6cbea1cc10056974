scenario { horizon = 3 }
segments_from_csv "segments/huge.csv"
journey "j" { touchpoint "t" {} }
