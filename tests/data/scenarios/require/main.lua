-- require: a module beside the scenario, one in a subdirectory, one from
-- the library directory (check_sandbox passes require/lib), each once.
local helpers = require "helpers"
local mod = require "sub.mod"
local shared = require "shared"
assert(require "helpers" == helpers)           -- cached
assert(mod.name == "sub.mod" and shared.value == 7)
assert(helper_global == "set by helpers")      -- modules share the environment
helpers.segments()                             -- constructors called from a module
journey "j" { touchpoint "t" { friction = shared.value / 100 } }
