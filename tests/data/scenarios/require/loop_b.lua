-- the other half
require "loop_a"
