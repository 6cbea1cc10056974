scenario { horizon = 3 }
segments_from_csv "/etc/passwd"
journey "j" { touchpoint "t" {} }
