-- every comparison with a 4,001-character set scans it: 8e9 steps, within
-- the old bound, which counted a comparison as one step
local s = ("b"):rep(2000)
return s:find("[" .. ("a"):rep(4000) .. "b]*c")
