scenario { horizon = 3 }
segments_from_csv "segments/hex.csv"
journey "j" { touchpoint "t" {} }
