#!/bin/sh
# tests/cli/lua_module_test.sh - end-to-end tests of the Lua module `cxsim`
# (docs/lua-module.md) in the stock lua5.4 interpreter, loaded from the
# build tree: the API, numbers equal to `cxsim run`'s for the same seed (and
# to compare's (with and without --uncertainty), quickwins', sweep's,
# sensitivity's and calibrate's: the
# module calls the same run-layer functions), errors with the caller's
# position, garbage collection and closing.
# Prints "N passed, N failed" last; exits 77 (skipped) without lua5.4 or
# when the module cannot be loaded into it (a sanitizer build: the stock
# interpreter has no ASan runtime).
set -u

SRC=${CX_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${CX_BUILDDIR:-$SRC}
CXSIM="$BUILD/cxsim"
LUA=${LUA:-lua5.4}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
LUA_CPATH="$BUILD/.libs/?.so;;"
LUA_PATH=";;"
export LUA_CPATH LUA_PATH

if ! command -v "$LUA" >/dev/null 2>&1; then
    echo "SKIP: no $LUA interpreter"
    exit 77
fi
if ! "$LUA" -e 'require "cxsim"' 2>"$TMP/req"; then
    if grep -q -i 'asan\|sanitizer' "$TMP/req"; then
        echo "SKIP: a sanitizer build cannot be loaded into the stock $LUA"
        exit 77
    fi
    echo "not ok - require \"cxsim\" from $BUILD/.libs"
    sed 's/^/    /' "$TMP/req"
    echo "0 passed, 1 failed"
    exit 1
fi

# The reference answer: the command line, same scenario, seed and sizes.
"$CXSIM" run "$SRC/scenarios/reference.lua" --reps 2 --seed 7 --threads 2 \
    --set scenario.population=2000 --out "$TMP/cli" --quiet >/dev/null 2>&1
CLI_NPS=$(awk -F, '$1 == "baseline" && $2 == "nps" {print $3}' "$TMP/cli/summary.csv" 2>/dev/null)
VERSION=$("$CXSIM" --version | awk '{print $2}')

# A scenario with variants, and the command line's files for it. Until the
# loader knows intervention and variant, both sides skip these checks.
cat >"$TMP/variants.lua" <<'EOF'
scenario { name = "variants", horizon = 3, population = 400, reps = 2 }
segment "all" { share = 1 }
journey "buy" { touchpoint "pay" { friction = 0.3, abandon = 0.3 } }
intervention "fix" { cost = { fixed = 100 }, set = { ["buy.pay.friction"] = 0.05 } }
variant "baseline" {}
variant "fixed" { "fix" }
EOF
# A policy, and a module found only through lib_dirs.
cat >"$TMP/policy.lua" <<'EOF'
scenario { name = "policy", horizon = 4, population = 400, reps = 2 }
segment "all" { share = 1 }
journey "buy" { touchpoint "pay" { friction = 0.4, abandon = 0.4 } }
on_period = function(sim, t)
  if t == 1 then sim:set("buy.pay.friction", 0) end
end
EOF
sed '/^on_period/,$d' "$TMP/policy.lua" >"$TMP/no_policy.lua"
cat >"$TMP/bad_policy.lua" <<'EOF'
scenario { name = "bad policy", horizon = 3, population = 100, reps = 1 }
segment "all" { share = 1 }
journey "buy" { touchpoint "pay" { } }
on_period = function(sim, t) error("boom") end
EOF
mkdir -p "$TMP/lib" "$TMP/scen"
printf 'return { share = 1 }\n' >"$TMP/lib/shared_segment.lua"
cat >"$TMP/scen/needs_lib.lua" <<'EOF'
scenario { name = "lib", horizon = 2, population = 100, reps = 1 }
segment "all" (require "shared_segment")
journey "buy" { touchpoint "pay" { } }
EOF
HAVE_VARIANTS=0
if "$CXSIM" run "$TMP/variants.lua" --reps 2 --seed 3 --threads 2 --out "$TMP/cli_v" \
        --quiet >/dev/null 2>&1; then
    HAVE_VARIANTS=1
fi
# The analysis verbs' answers, which cx.compare, cx.quickwins, cx.sweep,
# cx.sensitivity and cx.calibrate must give again, digit for digit.
"$CXSIM" compare "$TMP/variants.lua" --reps 3 --seed 3 --threads 2 --out "$TMP/cli_c" \
    --quiet >/dev/null 2>&1
"$CXSIM" compare "$TMP/variants.lua" --reps 3 --seed 3 --threads 2 --out "$TMP/cli_a" \
    --baseline fixed --variant 'tuned:buy.pay.friction=0.2@500' --quiet >/dev/null 2>&1
"$CXSIM" quickwins "$SRC/scenarios/checkout_quick_wins.lua" --reps 2 --seed 4 --threads 2 \
    --max-combo 2 --set scenario.population=1500 --out "$TMP/cli_q" --quiet >/dev/null 2>&1
"$CXSIM" sweep "$TMP/variants.lua" --param journey.buy.pay.friction=0.1:0.5:3 --reps 2 \
    --seed 5 --metric nps --metric churn_rate --out "$TMP/cli_w" --quiet >/dev/null 2>&1
"$CXSIM" sensitivity "$SRC/scenarios/reference.lua" --reps 1 --samples 8 --bootstrap 50 \
    --seed 6 --set scenario.population=1500 --out "$TMP/cli_s" --quiet >/dev/null 2>&1
"$CXSIM" calibrate "$SRC/tests/data/calibrate/recover.lua" \
    --targets "$SRC/tests/data/calibrate/kpis_long.csv" --param segment.all.churn=0.005:0.08 \
    --reps 2 --max-evals 12 --seed 1 --set scenario.population=1500 --out "$TMP/cli_cal" \
    --quiet >/dev/null 2>&1

"$CXSIM" compare "$SRC/tests/data/uncertainty/closed.lua" --uncertainty 16 --seed 3 \
    --threads 2 --out "$TMP/cli_u" --quiet >/dev/null 2>&1
"$CXSIM" quickwins "$SRC/scenarios/checkout_quick_wins.lua" --uncertainty 8 --reps 2 --seed 4 \
    --threads 2 --max-combo 2 --set scenario.population=1500 --out "$TMP/cli_qu" --quiet \
    >/dev/null 2>&1

cat >"$TMP/module_test.lua" <<'EOF'
-- Run by lua_module_test.sh: SRC TMP CLI_NPS VERSION HAVE_VARIANTS as arguments.
local SRC, TMP, CLI_NPS, VERSION = arg[1], arg[2], arg[3], arg[4]
local HAVE_VARIANTS = arg[5] == "1"
local REF = SRC .. "/scenarios/reference.lua"
local cx = require "cxsim"

local function ok(cond, name, detail)
  print((cond and "ok - " or "not ok - ") .. name)
  if not cond and detail then print("    " .. tostring(detail)) end
end

-- the error a call raises, called from this file (so its position is ours)
local function err(f, ...)
  local args = table.pack(...)
  local good, msg = pcall(function() return f(table.unpack(args, 1, args.n)) end)
  if good then return nil end
  return tostring(msg)
end

local function contains(list, x)
  for _, v in ipairs(list) do if v == x then return true end end
  return false
end

-- the module table
ok(type(cx) == "table", "require returns the module table")
ok(cx.version == VERSION, "cx.version is cxsim --version's", cx.version)
ok(contains(cx.metrics(), "nps") and #cx.metrics() >= 25, "cx.metrics lists nps")
ok(cx.metrics()[1] == "nps", "cx.metrics in the results files' order")
ok(contains(cx.touchpoint_metrics(), "friction_rate"), "cx.touchpoint_metrics")
local p = cx.params()
ok(#p.scenario > 0 and #p.segment > 0 and #p.touchpoint > 0, "cx.params has three tables")
local fr
for _, s in ipairs(p.touchpoint) do if s.key == "friction" then fr = s end end
ok(fr and fr.min == 0 and fr.max == 1 and type(fr.doc) == "string", "cx.params: friction in [0,1]")

-- a model
local m = cx.load(REF)
ok(tostring(m):match("^cxsim.model"), "tostring(model)", tostring(m))
ok(m:name() == "Online retailer (reference)", "model:name", m:name())
ok(m:source() == REF, "model:source")
ok(m:horizon() == 12 and math.type(m:horizon()) == "integer", "model:horizon")
ok(m:population() == 100000, "model:population")
ok(m:reps() == 10, "model:reps")
ok(contains(m:segments(), "premium"), "model:segments")
local js = m:journeys()
ok(js.purchase and js.purchase[4] == "checkout", "model:journeys keeps touchpoint order")
ok(#m:variants() >= 1 and m:variants()[1] == "baseline", "model:variants starts with the baseline")
ok(type(m:interventions()) == "table", "model:interventions")
-- the reference scenario declares five parameters, the first at line 154,
-- after the two uncertain inputs of its intervention one_click_checkout
local pars = m:parameters()
ok(#pars == 7, "model:parameters lists the declared parameters", #pars)
ok(pars[1].path == "intervention.one_click_checkout.cost.fixed"
   and pars[1].dist == "uniform(30000, 50000)",
   "model:parameters: an intervention's cost as an input, with its distribution", pars[1].dist)
ok(pars[3].path == "journey.purchase.checkout.friction" and pars[3].low == 0.04
   and pars[3].high == 0.15 and pars[3].line == 154 and math.type(pars[3].line) == "integer",
   "model:parameters: full path, bounds and line, in declaration order", pars[3].path)
ok(pars[7].path == "scenario.continuity", "model:parameters keeps declaration order", pars[7].path)
ok(m:set("scenario.population", 2000) == m, "model:set returns the model")
ok(m:population() == 2000, "model:set changes the model")
ok(m:overrides()[1] == "scenario.population=2000", "model:overrides", m:overrides()[1])
ok(m:validate() == true, "model:validate")

-- a run: the command line's numbers
local r = cx.run(m, { reps = 2, seed = 7, threads = 2 })
ok(tostring(r):match("^cxsim.result"), "tostring(result)", tostring(r))
local s = r:summary()
ok(s.baseline and s.baseline.nps.n == 2, "summary: baseline nps over 2 replications")
ok(string.format("%.12g", s.baseline.nps.mean) == CLI_NPS,
   "summary nps mean equals cxsim run's summary.csv",
   string.format("%.12g vs %s", s.baseline.nps.mean, CLI_NPS))
local e = s.baseline.nps
ok(e.ci_low < e.mean and e.mean < e.ci_high and e.sd > 0, "summary: a 95 % interval")
local wide = r:summary(0.99).baseline.nps
ok(wide.ci_low < e.ci_low and wide.ci_high > e.ci_high, "summary(0.99) is wider")
ok(r:reps() == 2 and r:horizon() == 12, "result:reps, result:horizon")
ok(r:variants()[1] == "baseline", "result:variants")
local reps = r:replications()
ok(#reps == 2 and type(reps[1].nps) == "number", "result:replications")
ok(math.abs((reps[1].nps + reps[2].nps) / 2 - e.mean) < 1e-9, "replications average to the mean")
ok(#r:replications("baseline") == 2, "result:replications(\"baseline\")")
local per = r:periods()
ok(#per == 12 and type(per[12].churn_rate) == "number", "result:periods")
local tp = r:touchpoints()
ok(tp.purchase and tp.purchase.checkout and tp.purchase.checkout.visits > 0,
   "result:touchpoints")
ok(r:write(TMP .. "/lua") == TMP .. "/lua", "result:write returns the directory")

-- threads change nothing; seeds do
local r1 = cx.run(m, { reps = 2, seed = 7, threads = 1 }):summary()
ok(r1.baseline.nps.mean == e.mean, "same numbers with 1 thread")
local r9 = cx.run(m, { reps = 2, seed = 9, threads = 2 }):summary()
ok(r9.baseline.nps.mean ~= e.mean, "another seed, other numbers")

-- copies are independent
local m2 = m:copy()
m2:set("scenario.population", 3000)
ok(m:population() == 2000 and m2:population() == 3000, "model:copy is independent")
ok(#m2:overrides() == 2, "a copy keeps the overrides and adds its own")

-- errors carry this file's position
local here = "module_test.lua:%d+: "
local msg = err(cx.load, TMP .. "/no_such.lua")
ok(msg and msg:match(here) and msg:match("no_such.lua"), "load of a missing file", msg)
msg = err(cx.load, SRC .. "/tests/data/cli/out_of_range.lua")
ok(msg and msg:match(here) and msg:match("out_of_range.lua:%d+:"), "load of a bad scenario names its line", msg)
msg = err(cx.load, SRC .. "/tests/data/cli/syntax_error.lua")
ok(msg and msg:match("syntax_error.lua:%d+:"), "load of a syntax error", msg)
msg = err(m.set, m, "journey.purchase.checkout.friction", 1.3)
ok(msg and msg:match(here) and msg:find("friction must be in [0,1], got 1.3", 1, true),
   "set out of range", msg)
msg = err(m.set, m, "journey.purchase.nowhere.friction", 0.1)
ok(msg and msg:match(here) and msg:match("nowhere"), "set of an unknown touchpoint", msg)
msg = err(m.set, m, "scenario.population", "many")
ok(msg and msg:match("number expected"), "set of a non-number", msg)
ok(#m:overrides() == 1, "failed sets are not recorded")
ok(err(cx.run, m, { reps = 0 }), "reps = 0 is an error")
msg = err(cx.run, m, { rep = 2 })
ok(msg and msg:match("unknown option 'rep'"), "an unknown option is an error", msg)
msg = err(cx.run, m, { thread = 2 })
ok(msg and msg:match("unknown option 'thread'; did you mean 'threads'%?"),
   "an unknown option suggests the nearest", msg)
ok(err(cx.run, m, { seed = -1 }), "a negative seed is an error")
ok(err(cx.run, m, { threads = 1.5 }), "fractional threads are an error")
msg = err(cx.run, m, { reps = 1, variants = { "nope" } })
ok(msg and msg:match('no variant named "nope"'), "an unknown variant is an error", msg)
msg = err(r.replications, r, "nope")
ok(msg and msg:match('no variant named "nope"'), "result:replications of an unknown variant", msg)
ok(err(cx.run, "model"), "cx.run of a non-model is an error")
msg = err(r.write, r, "/dev/null/sub")
ok(msg and msg:match(here), "result:write to an impossible directory", msg)
local bad = m:copy()
bad:set("segment.premium.share", 0.9)
msg = err(cx.run, bad, { reps = 1 })
ok(msg and msg:match(here) and msg:match("share"), "cx.run validates the model", msg)

-- variants: all by default, as cxsim run; or the baseline and those listed
local vok, mv = pcall(cx.load, TMP .. "/variants.lua")
if not vok and not HAVE_VARIANTS then
  print("skip - variants: the loader does not know them yet: " .. tostring(mv))
elseif not vok then
  ok(false, "a scenario with variants loads", mv)
else
  ok(table.concat(mv:variants(), ",") == "baseline,fixed", "model:variants", table.concat(mv:variants(), ","))
  ok(table.concat(mv:interventions(), ",") == "fix", "model:interventions")
  ok(type(mv:parameters()) == "table" and #mv:parameters() == 0, "model:parameters: none declared")
  local rv = cx.run(mv, { reps = 2, seed = 3, threads = 2 })
  ok(table.concat(rv:variants(), ",") == "baseline,fixed", "cx.run runs every variant")
  local sv = rv:summary()
  ok(sv.fixed and sv.fixed.nps.n == 2 and sv.baseline.cost.mean == 0,
     "summary has a table per variant")
  ok(#rv:replications("fixed") == 2 and #rv:periods("fixed") == 3, "variant results by name")
  rv:write(TMP .. "/lua_v")
  local r1 = cx.run(mv, { reps = 1, variants = { "fixed" } })
  ok(table.concat(r1:variants(), ",") == "baseline,fixed", "variants = { \"fixed\" } keeps the baseline first")
  r1 = cx.run(mv, { reps = 1, variants = { "baseline" } })
  ok(table.concat(r1:variants(), ",") == "baseline", "variants = { \"baseline\" } runs it alone")
end

-- load options
msg = err(cx.load, REF, { sandbox = false })
ok(msg and msg:match(here) and msg:match("unknown option 'sandbox'"), "cx.load: an unknown option", msg)
msg = err(cx.load, TMP .. "/scen/needs_lib.lua")
ok(msg and msg:match("shared_segment"), "require outside the library directories fails", msg)
local ml = cx.load(TMP .. "/scen/needs_lib.lua", { lib_dirs = { TMP .. "/lib" } })
ok(ml:segments()[1] == "all", "cx.load: lib_dirs")
ok(cx.run(ml:copy(), { reps = 1, threads = 1 }):reps() == 1, "a copy keeps its lib_dirs")
ok(err(cx.load, REF, { lib_dirs = "x" }), "cx.load: lib_dirs must be a list")
ok(err(cx.load, REF, { time_limit = 0 }), "cx.load: time_limit must be > 0")
ok(cx.load(REF, { unsafe = true, time_limit = 30 }):name() == m:name(), "cx.load: unsafe, time_limit")

-- the scenario's on_period policy runs
local with = cx.run(cx.load(TMP .. "/policy.lua"), { reps = 2, seed = 5, threads = 2 })
local without = cx.run(cx.load(TMP .. "/no_policy.lua"), { reps = 2, seed = 5, threads = 2 })
ok(with:periods()[1].abandon_rate == without:periods()[1].abandon_rate,
   "policy: period 1 as without it")
ok(with:periods()[3].abandon_rate < without:periods()[3].abandon_rate,
   "policy: on_period's set acts from period 2",
   with:periods()[3].abandon_rate .. " vs " .. without:periods()[3].abandon_rate)
local again = cx.run(cx.load(TMP .. "/policy.lua"), { reps = 2, seed = 5, threads = 1 })
ok(again:summary().baseline.nps.mean == with:summary().baseline.nps.mean,
   "policy: same numbers with 1 thread")
msg = err(cx.run, cx.load(TMP .. "/bad_policy.lua"), { reps = 1, threads = 1 })
ok(msg and msg:match(here) and msg:match("bad_policy.lua:%d+:") and msg:match("boom"),
   "an error in on_period is a Lua error naming its line", msg)

-- closing and garbage collection
local c = cx.load(REF)
c:close()
msg = err(c.name, c)
ok(msg and msg:match("closed model"), "a closed model raises", msg)
ok(tostring(c) == "cxsim.model (closed)", "tostring of a closed model")
c:close()   -- closing twice is harmless
do
  local tbc <close> = cx.run(m, { reps = 1, seed = 1, threads = 1 })
  c = tbc
end
msg = err(c.summary, c)
ok(msg and msg:match("closed result"), "a <close> result is closed at the end of its block", msg)
for _ = 1, 20 do
  local mm = cx.load(REF)
  mm:set("scenario.population", 500)
  cx.run(mm, { reps = 1, seed = 3, threads = 2 })
end
collectgarbage(); collectgarbage()
ok(collectgarbage("count") < 4096, "garbage collection reclaims models and results")

-- the analyses: the command line's numbers, from the same run-layer functions
local function csv(path)           -- rows keyed by the header (no quoted fields here)
  local rows, header = {}, nil
  for line in io.lines(path) do
    local f = {}
    for x in (line .. ","):gmatch("([^,]*),") do f[#f + 1] = x end
    if not header then header = f
    else
      local r = {}
      for i, h in ipairs(header) do r[h] = f[i] end
      rows[#rows + 1] = r
    end
  end
  return rows
end
local function g(x) return x ~= x and "NA" or string.format("%.12g", x) end
local function row_of(rows, key) -- the first row whose fields match key
  for _, r in ipairs(rows) do
    local all = true
    for k, v in pairs(key) do all = all and r[k] == v end
    if all then return r end
  end
end

if HAVE_VARIANTS then
  local mc = cx.load(TMP .. "/variants.lua")
  local rc = cx.compare(mc, { reps = 3, seed = 3, threads = 2 })
  local cmp = rc:compare()
  local cli = csv(TMP .. "/cli_c/compare.csv")
  local nps = row_of(cli, { variant = "fixed", metric = "nps" })
  ok(nps and g(cmp.fixed.nps.difference) == nps.difference,
     "cx.compare: nps difference equals cxsim compare's compare.csv",
     nps and (g(cmp.fixed.nps.difference) .. " vs " .. nps.difference))
  ok(nps and g(cmp.fixed.nps.ci_low) == nps.ci_low and g(cmp.fixed.nps.ci_high) == nps.ci_high
     and cmp.fixed.nps.n == 3, "cx.compare: its interval and n too")
  local cost = row_of(cli, { variant = "fixed", metric = "cost" })
  ok(cost and g(cmp.fixed.cost.baseline) == cost.baseline_mean
     and g(cmp.fixed.cost.variant) == cost.variant_mean
     and g(cmp.fixed.cost.variance_reduction) == cost.variance_reduction,
     "cx.compare: baseline, variant and variance reduction as compare.csv")
  ok(cmp.baseline == nil, "result:compare has no row for the baseline itself")
  rc:write(TMP .. "/lua_c")
  -- add and baseline: as compare --variant and --baseline, on a copy
  local ra = cx.compare(mv, { reps = 3, seed = 3, threads = 2, baseline = "fixed",
    add = { { name = "tuned", set = { ["buy.pay.friction"] = 0.2 }, cost = 500 } } })
  ok(table.concat(ra:variants(), ",") == "fixed,baseline,tuned", "add and baseline: the variants, fixed first",
     table.concat(ra:variants(), ","))
  ok(table.concat(mv:variants(), ",") == "baseline,fixed", "add leaves the model's own variants")
  ra:write(TMP .. "/lua_a")
  msg = err(cx.compare, mv, { add = { { name = "t", set = { ["buy.pay.fricton"] = 0.2 } } } })
  ok(msg and msg:match("add%[1%]: .*did you mean 'friction'%?"), "add: an unknown key", msg)
  msg = err(cx.compare, mv, { baseline = "fixd" })
  ok(msg and msg:match("baseline: no variant named \"fixd\"; did you mean 'fixed'%?"), "baseline: an unknown variant", msg)
  msg = err(cx.compare, mv, { add = { { name = "t", set = { ["buy.pay.friction"] = 0.2 }, cost = { fixd = 1 } } } })
  ok(msg and msg:match("unknown option 'fixd'; did you mean 'fixed'%?"), "add: a misspelt cost key", msg)
  msg = err(cx.compare, cx.load(REF), { reps = 1, variants = { "baseline" } })
  ok(msg and msg:match(here) and msg:match("two variants"), "cx.compare of one variant", msg)
end

local mq = cx.load(SRC .. "/scenarios/checkout_quick_wins.lua", { lib_dirs = { SRC .. "/scenarios/lib" } })
mq:set("scenario.population", 1500)
local q = cx.quickwins(mq, { reps = 2, seed = 4, threads = 2, max_combo = 2 })
local qcli = csv(TMP .. "/cli_q/quickwins.csv")
ok(#q.candidates == #qcli and #qcli > 2, "cx.quickwins: as many candidates as quickwins.csv",
   #q.candidates .. " vs " .. #qcli)
local same = true
for i, c in ipairs(q.candidates) do
  local r = qcli[i]
  same = same and r ~= nil and c.rank == tonumber(r.rank) and c.label == r.candidate
         and g(c.effect.mean) == r.effect and g(c.p_holm) == r.p_holm
end
ok(same, "cx.quickwins: ranks, effects and Holm p-values equal quickwins.csv")
ok(q.objective == "value" and q.reps == 2 and q.candidates[1].rank == 1, "cx.quickwins: outcome")
ok(err(cx.quickwins, mq, { reps = 1 }), "cx.quickwins: reps = 1 is an error")
msg = err(cx.quickwins, mq, { objective = "happiness" })
ok(msg and msg:match(here), "cx.quickwins: an unknown objective", msg)

if HAVE_VARIANTS then
  local mw = cx.load(TMP .. "/variants.lua")
  local w = cx.sweep(mw, { params = { { "journey.buy.pay.friction", 0.1, 0.5, 3 } }, reps = 2,
                           seed = 5, metrics = { "nps", "churn_rate" } })
  local wcli = csv(TMP .. "/cli_w/sweep.csv")
  ok(w.design == "grid" and #w.points == 3, "cx.sweep: a grid of 3 points")
  local wsame = #wcli == 6
  for p, pt in ipairs(w.points) do
    for _, mname in ipairs({ "nps", "churn_rate" }) do
      local r = row_of(wcli, { point = tostring(p), metric = mname })
      wsame = wsame and r and g(pt[mname].mean) == r.mean and g(pt[mname].ci_low) == r.ci_low
              and g(pt.values["journey.buy.pay.friction"]) == r["journey.buy.pay.friction"]
    end
  end
  ok(wsame, "cx.sweep: every point's values and estimates equal sweep.csv")
  msg = err(cx.sweep, mw, { params = { { "journey.buy.pay.friction", 0.1, 0.5 } }, design = "grid" })
  ok(msg and msg:match(here) and msg:match("steps"), "cx.sweep: a grid needs steps", msg)
  msg = err(cx.sweep, mw, { param = {} })
  ok(msg and msg:match("unknown option 'param'"), "cx.sweep: an unknown option", msg)
end

local ms = cx.load(REF):set("scenario.population", 1500)
local sa = cx.sensitivity(ms, { reps = 1, samples = 8, bootstrap = 50, seed = 6 })
local scli, tcli = csv(TMP .. "/cli_s/sobol.csv"), csv(TMP .. "/cli_s/tornado.csv")
local ssame = #scli == 5
for _, r in ipairs(scli) do
  local x = sa[r.metric] and sa[r.metric].sobol[r.parameter]
  ssame = ssame and x and g(x.first_order) == r.first_order and g(x.total_ci_high) == r.total_ci_high
end
ok(ssame, "cx.sensitivity: every Sobol' index equals sobol.csv")
local t1 = sa.nps.tornado[1]
ok(t1.parameter == tcli[1].parameter and g(t1.swing.mean) == tcli[1].swing
   and g(t1.at_high) == tcli[1].metric_at_high, "cx.sensitivity: the tornado's first bar as tornado.csv")

local mk = cx.load(SRC .. "/tests/data/calibrate/recover.lua"):set("scenario.population", 1500)
local fit = cx.calibrate(mk, { params = { { "segment.all.churn", 0.005, 0.08 } },
                               targets = SRC .. "/tests/data/calibrate/kpis_long.csv",
                               reps = 2, max_evals = 12, seed = 1 })
local ccli, fcli = csv(TMP .. "/cli_cal/calibration.csv"), csv(TMP .. "/cli_cal/fit.csv")
ok(g(fit.values["segment.all.churn"]) == ccli[1].value,
   "cx.calibrate: the fitted value equals calibration.csv",
   g(fit.values["segment.all.churn"]) .. " vs " .. ccli[1].value)
ok(#fit.fit == #fcli and g(fit.fit[1].simulated.mean) == fcli[1].mean and g(fit.fit[1].z) == fcli[1].z,
   "cx.calibrate: the fit equals fit.csv")
ok(fit.evals >= 12 and (fit.stop == "capped" or fit.stop == "converged" or fit.stop == "stalled"),
   "cx.calibrate: evaluations and why it stopped", fit.stop)
msg = err(cx.calibrate, mk, { params = { { "segment.all.churn", 0.005, 0.08 } } })
ok(msg and msg:match("targets"), "cx.calibrate: targets are required", msg)
msg = err(cx.calibrate, mk, { params = { { "segment.all.churn", 0.05, 0.08 } },
                              targets = SRC .. "/tests/data/calibrate/kpis_long.csv" })
ok(msg and msg:match("inside"), "cx.calibrate: the start must lie inside the bounds", msg)

-- cx.compare with { uncertainty = N }: the rows of uncertainty.csv,
-- decision.csv and voi.csv of `cxsim compare --uncertainty N`, digit for digit.
local mu = cx.load(SRC .. "/tests/data/uncertainty/closed.lua")
local u = cx.compare(mu, { uncertainty = 16, seed = 3, threads = 2 })
ok(u.draws == 16 and u.reps == 2 and #u.decision == 2, "cx.compare uncertainty: outcome")
local function same_rows(rows, path, keys, fields)
  local cli = csv(path)
  if #rows ~= #cli then return false, #rows .. " rows vs " .. #cli end
  for i, r in ipairs(rows) do
    for _, k in ipairs(keys) do
      if r[k] ~= cli[i][k] then return false, k .. " of row " .. i end
    end
    for _, f in ipairs(fields) do
      if g(r[f]) ~= cli[i][f] then return false, f .. " of row " .. i .. ": " .. g(r[f]) .. " vs " .. cli[i][f] end
    end
  end
  return true
end
local good, why = same_rows(u.uncertainty, TMP .. "/cli_u/uncertainty.csv", { "variant", "metric" },
  { "mean", "sd", "p05", "p50", "p95", "prob_positive", "prob_negative", "var_input", "var_noise", "n" })
ok(good, "cx.compare uncertainty: uncertainty.csv's rows", why)
good, why = same_rows(u.decision, TMP .. "/cli_u/decision.csv", { "variant" },
  { "expected_net_value", "prob_best", "prob_loss", "prob_roi_negative", "expected_loss" })
ok(good, "cx.compare uncertainty: decision.csv's rows", why)
good, why = same_rows(u.voi, TMP .. "/cli_u/voi.csv", { "parameter" }, { "evppi", "evpi" })
ok(good, "cx.compare uncertainty: voi.csv's rows", why)
local ur = cx.run(mu, { uncertainty = 4, reps = 1, variants = { "fixed" } })
ok(ur.draws == 4 and ur.reps == 1 and #ur.decision == 2 and ur.decision[1].variant == "baseline"
   and ur.decision[2].variant == "fixed", "cx.run uncertainty: the baseline and the listed")
msg = err(cx.compare, mu, { uncertainty = 0 })
ok(msg and msg:match(here) and msg:match("uncertainty"), "cx.compare uncertainty = 0 is an error", msg)

-- cx.quickwins with { uncertainty = N }: the candidates `cxsim quickwins
-- --uncertainty N` chooses and ranks, and its four files' rows, digit for digit.
local qu = cx.quickwins(mq, { uncertainty = 8, reps = 2, seed = 4, threads = 2, max_combo = 2 })
ok(qu.draws == 8 and qu.reps == 2 and qu.objective == "value" and #qu.ranking > 2
   and #qu.decision == #qu.ranking + 1 and qu.decision[1].variant == "baseline",
   "cx.quickwins uncertainty: outcome")
good, why = same_rows(qu.ranking, TMP .. "/cli_qu/quickwins_uncertainty.csv",
  { "candidate", "interventions", "objective" },
  { "rank", "size", "effect_mean", "effect_p05", "effect_p95", "prob_better",
    "expected_net_value", "prob_best", "prob_loss", "prob_roi_negative", "expected_loss" })
ok(good, "cx.quickwins uncertainty: quickwins_uncertainty.csv's rows", why)
-- the files compare --uncertainty writes too, checked as for cx.compare above
for _, f in ipairs({
  { "uncertainty", { "variant", "metric" }, { "mean", "sd", "p05", "p50", "p95", "prob_positive",
    "prob_negative", "var_input", "var_noise", "n" } },
  { "decision", { "variant" }, { "expected_net_value", "prob_best", "prob_loss",
    "prob_roi_negative", "expected_loss" } },
  { "voi", { "parameter" }, { "evppi", "evpi" } } }) do
  good, why = same_rows(qu[f[1]], TMP .. "/cli_qu/" .. f[1] .. ".csv", f[2], f[3])
  ok(good, "cx.quickwins uncertainty: " .. f[1] .. ".csv's rows", why)
end
msg = err(cx.quickwins, mq, { uncertainty = 0 })
ok(msg and msg:match(here) and msg:match("uncertainty"), "cx.quickwins uncertainty = 0 is an error", msg)
EOF

"$LUA" "$TMP/module_test.lua" "$SRC" "$TMP" "$CLI_NPS" "$VERSION" "$HAVE_VARIANTS" \
    >"$TMP/out" 2>"$TMP/err"
status=$?
cat "$TMP/out"
pass=$(grep -c '^ok' "$TMP/out")
fail=$(grep -c '^not ok' "$TMP/out")
if [ "$status" -ne 0 ]; then
    fail=$((fail + 1))
    echo "not ok - the Lua script stopped (status $status)"
    sed 's/^/    /' "$TMP/err"
fi

# result:write gives the command line's files, byte for byte
for f in summary.csv replications.csv periods.csv touchpoints.csv; do
    if cmp -s "$TMP/lua/$f" "$TMP/cli/$f"; then
        pass=$((pass + 1)); echo "ok - result:write $f equals cxsim run's"
    else
        fail=$((fail + 1)); echo "not ok - result:write $f differs from cxsim run's"
    fi
done
if [ "$HAVE_VARIANTS" = 1 ]; then
    for f in summary.csv replications.csv periods.csv touchpoints.csv; do
        if cmp -s "$TMP/lua_v/$f" "$TMP/cli_v/$f"; then
            pass=$((pass + 1)); echo "ok - variants: result:write $f equals cxsim run's"
        else
            fail=$((fail + 1)); echo "not ok - variants: result:write $f differs from cxsim run's"
        fi
    done
fi
if [ "$HAVE_VARIANTS" = 1 ]; then
    for f in compare.csv summary.csv segments.csv; do
        if cmp -s "$TMP/lua_a/$f" "$TMP/cli_a/$f"; then
            pass=$((pass + 1)); echo "ok - cx.compare add and baseline: $f equals compare --variant --baseline's"
        else
            fail=$((fail + 1)); echo "not ok - cx.compare add and baseline: $f differs from compare --variant --baseline's"
        fi
    done
    for f in compare.csv summary.csv; do
        if cmp -s "$TMP/lua_c/$f" "$TMP/cli_c/$f"; then
            pass=$((pass + 1)); echo "ok - cx.compare: result:write $f equals cxsim compare's"
        else
            fail=$((fail + 1)); echo "not ok - cx.compare: result:write $f differs from cxsim compare's"
        fi
    done
fi
if grep -q '"scenario.population=2000"' "$TMP/lua/run.json" 2>/dev/null; then
    pass=$((pass + 1)); echo "ok - run.json lists the model's overrides"
else
    fail=$((fail + 1)); echo "not ok - run.json lists the model's overrides"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
