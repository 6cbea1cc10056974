-- model checks run after the file: they name the scenario line that led
-- to the constructor (the require at line 3), since the model knows one file.
require "half_share"
journey "j" { touchpoint "t" {} }
