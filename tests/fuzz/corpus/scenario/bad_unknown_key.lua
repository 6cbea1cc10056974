-- a key no segment has, nothing close enough to suggest
segment "premium" { share = 1, frcition = 0.1 }
