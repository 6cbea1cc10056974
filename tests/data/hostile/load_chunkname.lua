-- a chunk name must not hide the scenario from messages
local f = load("error('boom')", "@elsewhere/other.lua")
f()
