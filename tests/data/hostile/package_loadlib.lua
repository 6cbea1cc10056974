-- package is not opened: no C libraries.
local f = package.loadlib("libc.so.6", "system")
