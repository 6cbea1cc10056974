-- debug is not opened.
debug.sethook()
