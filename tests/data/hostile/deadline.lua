-- each instruction runs long in C: stopped by the time limit, not
-- the instruction count (10 s by default; check_sandbox also gives 1 s).
while true do local s = ("x"):rep(1 << 20) end
