-- horizon is a whole number of periods
scenario { name = "x", horizon = 12.5 }
