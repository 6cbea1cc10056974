scenario { horizon = 3 }
segments_from_csv "../bad/segments/ok.csv"
journey "j" { touchpoint "t" {} }
