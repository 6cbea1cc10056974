-- A module that hostile/require_outside.lua must not reach.
return { secret = 42 }
