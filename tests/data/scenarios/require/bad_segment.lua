-- line 2 is wrong
segment "a" { share = 2 }
