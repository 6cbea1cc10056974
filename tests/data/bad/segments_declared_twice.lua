scenario { horizon = 3 }
segment "all" { share = 1 }
segments_from_csv "segments/ok.csv"
journey "j" { touchpoint "t" {} }
