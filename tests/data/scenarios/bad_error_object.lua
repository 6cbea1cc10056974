-- error() with a table: no message, no position
segment "all" {}
error({ code = 42 })
