-- os is not opened: no shell commands.
os.execute("touch /tmp/cxsim_pwned")
