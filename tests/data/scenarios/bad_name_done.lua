-- "done" names the end of a journey, not a touchpoint
segment "all" {}
journey "j" { touchpoint "done" {} }
