-- a pattern with no quantifier but 512 KiB long, over a 1 MiB subject
local s = ("a"):rep(1 << 20)
return s:find(("a"):rep(1 << 19) .. "b")
