-- runaway allocation: stopped by the memory budget
local s = "x"
while true do s = s .. s end
