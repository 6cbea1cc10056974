-- frequency names a segment that is never declared (cx_model_validate)
segment "all" {}
journey "j" {
  frequency = { al = 0.5 },
  touchpoint "t" {},
}
