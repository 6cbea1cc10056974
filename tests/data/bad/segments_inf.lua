scenario { horizon = 3 }
segments_from_csv "segments/inf.csv"
journey "j" { touchpoint "t" {} }
