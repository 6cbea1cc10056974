-- catastrophic backtracking inside one C call, out of the count hook's
-- reach: refused up front (300^6 worst-case steps)
local s = ("a"):rep(300)
local i = s:find(".-.-.-.-.-b")
