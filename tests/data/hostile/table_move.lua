-- table.move over 2^63 absent elements would loop in C.
table.move({}, 1, math.maxinteger, 2)
