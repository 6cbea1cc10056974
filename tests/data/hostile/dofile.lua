-- loadfile and dofile are removed.
dofile("/etc/passwd")
