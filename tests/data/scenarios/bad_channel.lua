-- channel is a string
segment "all" {}
journey "j" { touchpoint "t" { channel = 3 } }
