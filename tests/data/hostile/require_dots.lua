-- a name made of dots would be a parent directory once dots become slashes.
require "..scenarios.secret"
