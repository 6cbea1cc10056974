-- A module of the scenario library.
return { value = 7 }
