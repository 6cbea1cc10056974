-- many small allocations: the memory budget again.
local t = {}
while true do t[#t + 1] = { #t } end
