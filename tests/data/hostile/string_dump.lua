-- string.dump is removed: no way to make a binary chunk.
local s = string.dump(function() end)
