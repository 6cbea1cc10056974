-- each instruction copies 64 MiB: the allocator reads the clock, so the
-- time limit holds even with a thousand instructions between two hooks.
local s = ("x"):rep(64 << 20)
while true do local t = s .. "y" end
