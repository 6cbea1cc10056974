-- booleans are not numbers
segment "all" {}
journey "purchase" { touchpoint "checkout" { abandon = true } }
