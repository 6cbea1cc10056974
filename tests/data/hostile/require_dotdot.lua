-- require names are letters, digits, _ and - between dots: no "..".
require "../scenarios/secret"
