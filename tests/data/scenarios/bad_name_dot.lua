-- dots separate the parts of --set paths
segment "a.b" {}
