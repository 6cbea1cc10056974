-- io is not opened: no file reads or writes.
local f = io.open("/etc/passwd")
