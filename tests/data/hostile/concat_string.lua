-- table.concat over a string, through the shared string metatable: 2^63 iterations in C
getmetatable("").__len = function() return math.maxinteger end
return table.concat("x", "", 1, math.maxinteger)
