-- constructors and libraries cannot be replaced
segment = function() end
