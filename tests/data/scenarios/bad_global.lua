-- a misspelt constructor is an unknown global
segmnet "all" {}
