-- finalizers run with hooks off: __gc is refused.
setmetatable({}, { __gc = function() while true do end end })
