-- a requires b requires a.
require "loop_a"
