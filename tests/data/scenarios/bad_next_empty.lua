-- an empty next table would end nowhere
segment "all" {}
journey "j" { touchpoint "t" { next = {} } }
