-- touchpoint names are unique within a journey
segment "all" {}
journey "j" {
  touchpoint "t" {},
  touchpoint "t" {},
}
