-- load with a C reader: one full garbage collection per byte, no instruction
load(collectgarbage)
