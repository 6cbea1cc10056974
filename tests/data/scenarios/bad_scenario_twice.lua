-- scenario is called once
scenario { name = "first" }
scenario { name = "second" }
