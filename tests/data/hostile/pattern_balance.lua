-- no quantifier, a short pattern, but %b scans the rest of the subject from
-- every start: 5e11 steps on an unbalanced megabyte, under the old bound
local s = ("("):rep(1 << 20)
return s:find("%b()")
