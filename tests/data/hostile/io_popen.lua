-- io is not opened: no pipes.
local p = io.popen("id")
