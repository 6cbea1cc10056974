-- half of a loop of requires
require "loop_b"
