-- frequency is a number or a table
segment "all" {}
journey "j" { frequency = "weekly", touchpoint "t" {} }
