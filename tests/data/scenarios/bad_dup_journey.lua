-- journey names are unique
segment "all" {}
journey "j" { touchpoint "t" {} }
journey "j" { touchpoint "t" {} }
