-- a module's error names the module's file and line.
require "broken"
