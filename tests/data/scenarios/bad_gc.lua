-- finalizers run with hooks off, so __gc is refused
setmetatable({}, { __gc = function() while true do end end })
