-- os is not in the sandbox
segment "all" {}
os.execute("echo escaped")
