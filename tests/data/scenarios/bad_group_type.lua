-- a group of keys given a number
segment "all" { trust = 0.5 }
