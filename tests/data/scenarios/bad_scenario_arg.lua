-- scenario takes a table, not a name
scenario "x" { horizon = 3 }
