scenario {}
segment "a" { share = 1 }
journey "j" { touchpoint "t" {} }
function On_Visit(ev) return 0 end
