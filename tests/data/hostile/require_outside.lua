-- tests/data/scenarios/secret.lua exists, but neither beside this file
-- nor in a library directory: not found.
require "secret"
