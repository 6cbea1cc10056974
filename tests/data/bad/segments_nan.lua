scenario { horizon = 3 }
segments_from_csv "segments/nan.csv"
journey "j" { touchpoint "t" {} }
