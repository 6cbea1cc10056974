-- an error object whose __tostring loops: still stopped.
error(setmetatable({}, { __tostring = function() while true do end end }))
