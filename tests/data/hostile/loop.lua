-- a plain infinite loop: the instruction budget.
while true do end
