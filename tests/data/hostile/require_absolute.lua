-- no absolute paths.
require "/etc/passwd"
