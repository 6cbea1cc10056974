-- the stock sort compares in C without a hook: 1e5 copies of a megabyte string take minutes of strcoll
local s, t = ("a"):rep(1e6), {}
for i = 1, 1e5 do t[i] = s end
table.sort(t)
