-- a module with a mistake at line 3
local t = nil
return t.x
