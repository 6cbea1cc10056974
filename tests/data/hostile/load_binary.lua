-- load compiles text only, whatever mode it is given.
local f = assert(load(string.char(27) .. "LuaT\0\25\147\r\n\26\n", "=x", "b"))
