-- loadfile and dofile are removed.
local f = loadfile("/etc/passwd")
