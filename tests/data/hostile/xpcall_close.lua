-- a to-be-closed variable's handler inside a message handler runs with hooks off too
xpcall(function() while true do end end, function() local x <close> = setmetatable({}, {__close = function() while true do end end}) end)
