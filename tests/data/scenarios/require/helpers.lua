-- A module beside the scenario: builds segments for it.
helper_global = "set by helpers"
local M = {}
function M.segments()
  segment "a" { share = 0.5 }
  segment "b" { share = 0.5 }
end
return M
