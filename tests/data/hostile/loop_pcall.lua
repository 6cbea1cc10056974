-- the instruction budget cannot be caught.
while true do pcall(function() while true do end end) end
