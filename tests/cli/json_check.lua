-- tests/cli/json_check.lua - a strict JSON reader (RFC 8259) for the CLI
-- tests, which cannot count on python3 or jq being installed.
--   lua5.4 json_check.lua < doc.json               "ok" if doc.json is one
--                                                    valid JSON document
--   lua5.4 json_check.lua MEMBER < doc.json         the length of the array
--                                                    at top-level MEMBER
--   lua5.4 json_check.lua MEMBER ROW KEY < doc.json the value of KEY in
--                                                    row ROW (1-based) of it
-- Exits 1 with a message naming the byte offset when the text is not JSON.
local text = io.read("a")
local pos = 1
local null = setmetatable({}, {__tostring = function() return "null" end})

local function fail(what)
  io.stderr:write(string.format("not JSON at byte %d: %s\n", pos, what))
  os.exit(1)
end

local function skip()
  pos = text:find("[^ \t\r\n]", pos) or #text + 1
end

local value

local escapes = {['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f",
                 n = "\n", r = "\r", t = "\t"}

local function string_()
  local out = {}
  pos = pos + 1
  while true do
    local c = text:sub(pos, pos)
    if c == "" then fail("unterminated string") end
    if c == '"' then pos = pos + 1; return table.concat(out) end
    if c:byte() < 32 then fail("control character in a string") end
    if c == "\\" then
      local e = text:sub(pos + 1, pos + 1)
      if e == "u" then
        local hex = text:sub(pos + 2, pos + 5)
        if not hex:match("^%x%x%x%x$") then fail("bad \\u escape") end
        out[#out + 1] = utf8.char(tonumber(hex, 16))
        pos = pos + 6
      elseif escapes[e] then
        out[#out + 1] = escapes[e]
        pos = pos + 2
      else
        fail("bad escape")
      end
    else
      out[#out + 1] = c
      pos = pos + 1
    end
  end
end

local function number()
  local start = pos
  if text:sub(pos, pos) == "-" then pos = pos + 1 end
  local int = text:match("^%d+", pos)
  if not int or (#int > 1 and int:sub(1, 1) == "0") then fail("bad number") end
  pos = pos + #int
  local frac = text:match("^%.%d+", pos)
  if text:sub(pos, pos) == "." and not frac then fail("bad number") end
  pos = pos + (frac and #frac or 0)
  local exp = text:match("^[eE][-+]?%d+", pos)
  if text:sub(pos, pos):match("[eE]") and not exp then fail("bad number") end
  pos = pos + (exp and #exp or 0)
  return tonumber(text:sub(start, pos - 1))
end

local function container(close, item)
  local out = {}
  pos = pos + 1
  skip()
  if text:sub(pos, pos) == close then pos = pos + 1; return out end
  while true do
    item(out)
    skip()
    local c = text:sub(pos, pos)
    pos = pos + 1
    if c == close then return out end
    if c ~= "," then fail("expected ',' or '" .. close .. "'") end
    skip()
  end
end

function value()
  skip()
  local c = text:sub(pos, pos)
  if c == "{" then
    return container("}", function(out)
      if text:sub(pos, pos) ~= '"' then fail("expected a key") end
      local k = string_()
      skip()
      if text:sub(pos, pos) ~= ":" then fail("expected ':'") end
      pos = pos + 1
      out[k] = value()
    end)
  elseif c == "[" then
    return container("]", function(out) out[#out + 1] = value() end)
  elseif c == '"' then
    return string_()
  elseif text:sub(pos, pos + 3) == "true" then pos = pos + 4; return true
  elseif text:sub(pos, pos + 4) == "false" then pos = pos + 5; return false
  elseif text:sub(pos, pos + 3) == "null" then pos = pos + 4; return null
  elseif c:match("[-%d]") then return number()
  end
  fail("expected a value")
end

local doc = value()
skip()
if pos <= #text then fail("text after the document") end
local member, row, key = ...
if not member then print("ok") return end
local t = doc[member]
if type(t) ~= "table" then io.stderr:write("no array " .. member .. "\n") os.exit(1) end
if not row then print(#t) return end
local v = t[tonumber(row)] and t[tonumber(row)][key]
if v == nil then io.stderr:write("no " .. key .. " in row " .. row .. "\n") os.exit(1) end
print(type(v) == "number" and string.format("%.12g", v) or tostring(v))
