-- runaway script: stopped by the instruction budget
while true do end
