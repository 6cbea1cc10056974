-- an error inside on_visit, on line 6: exit 3, file and line named
scenario { name = "bad hook", horizon = 1, population = 10 }
segment "all" {}
journey "j" { touchpoint "a" {} }
on_visit = function(ev)
  error("no " .. ev.touchpoint)
end
