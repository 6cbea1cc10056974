-- a to-be-closed variable whose handler loops, closed when the budget error unwinds
local x <close> = setmetatable({}, {__close = function() while true do end end})
while true do end
