-- each call backtracks for a fraction of a second inside C, under the per-call bound, and a loop runs hundreds between two hooks: the clock is read at every call
local s = ("a"):rep(80)
while true do s:find(".-.-.-.-b") end
