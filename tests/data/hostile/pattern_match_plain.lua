-- match and gmatch ignore a 4th argument: passing true must not skip the backtracking bound
local s = ("a"):rep(300)
local r = s:match(".-.-.-.-.-b", 1, true)
