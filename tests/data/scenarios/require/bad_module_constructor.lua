-- a constructor error inside a module names the module's line
require "bad_segment"
