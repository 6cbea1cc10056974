-- __len makes table.insert shift 2^62 absent elements.
local t = setmetatable({}, { __len = function() return 1 << 62 end })
table.insert(t, 1, "x")
