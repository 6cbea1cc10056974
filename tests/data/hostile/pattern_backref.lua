-- a back-reference compares the capture again at every length it takes:
-- about 1e12 byte comparisons (16 s), 4e9 steps by the old bound
local s = ("a"):rep(20000)
return s:find("(.-)%1%1b")
