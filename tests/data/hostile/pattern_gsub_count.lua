-- gsub's 4th argument is a count, not find's "plain": it must not skip the backtracking bound
local s = ("a"):rep(300)
local r = s:gsub(".-.-.-.-.-b", "", 1)
