-- coroutine is not opened (the count hook is per thread).
coroutine.wrap(function() while true do end end)()
