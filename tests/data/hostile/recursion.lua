-- unbounded recursion: a clean "stack overflow" error.
local function f() return 1 + f() end
f()
