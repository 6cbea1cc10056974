scenario { horizon = 3 }
segments_from_csv "segments/header_only.csv"
journey "j" { touchpoint "t" {} }
