-- next is a name or a table
segment "all" {}
journey "j" { touchpoint "t" { next = true } }
