-- names are strings
segment "all" {}
journey "j" { touchpoint(3) {} }
