-- a C comparator runs no instruction either: rawequal on two equal 50 MB strings, millions of times
local a, b, t = ("a"):rep(5e7), ("a"):rep(5e7), {}
for i = 1, 1e5 do t[i] = i % 2 == 0 and a or b end
table.sort(t, rawequal)
