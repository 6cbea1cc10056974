#!/bin/sh
# fit_test.sh - cxsim fit and run --events end to end (docs/fit.md): the
# round trip (simulate a known scenario with --events, fit the log, and
# find each identified parameter inside its 95 % interval), determinism,
# a fitted.lua that runs, bad data (exit 3, nothing written).
set -u

. "$(dirname "$0")/testlib.sh"
SHOP="$SRC/scenarios/data/web_shop.lua"

# ---- the round trip ----------------------------------------------------------
"$CXSIM" run "$SHOP" --reps 1 --seed 11 --events "$TMP/log.csv" --events-sample 1500 \
    >/dev/null 2>"$TMP/err"
check "run --events writes a log" "[ -s '$TMP/log.csv' ]"
check "the log's header" "head -1 '$TMP/log.csv' | grep -qx 'customer,journey_id,time,journey,touchpoint,channel,segment,outcome,csat,ltr'"
"$CXSIM" run "$SHOP" --reps 1 --seed 11 --threads 1 --events "$TMP/log1.csv" \
    --events-sample 1500 >/dev/null 2>&1
check "the log does not depend on --threads" "cmp -s '$TMP/log.csv' '$TMP/log1.csv'"

expect_status "fit the log" 0 "$CXSIM" fit --log "$TMP/log.csv" --out "$TMP/fit" --bootstrap 200
for f in fitted.lua fit.csv transitions.csv removal.csv gof.csv run.json; do
    check "fit wrote $f" "[ -s '$TMP/fit/$f' ]"
done
check "transitions.csv header" "head -1 '$TMP/fit/transitions.csv' | grep -q '^from,to,probability,n,ci_low,ci_high'"
check "removal.csv header" "head -1 '$TMP/fit/removal.csv' | grep -q '^touchpoint,removal_effect,ci_low,ci_high'"

# The truth: scenarios/data/web_shop.lua's parameters as fit.csv names them
# (scenarios/data/web_shop_truth.csv).
tail -n +2 "$SRC/scenarios/data/web_shop_truth.csv" >"$TMP/truth.csv"
awk -F, 'NR == FNR { truth[$1] = $2; next }
         ($1 in truth) { n++; if ($3 <= truth[$1] && truth[$1] <= $4) hit++; else print "missed", $1, truth[$1], $3, $4 > "/dev/stderr"; seen[$1] = 1 }
         END { for (k in truth) if (!(k in seen)) print "absent", k > "/dev/stderr";
               printf "%d %d\n", hit, n }' "$TMP/truth.csv" "$TMP/fit/fit.csv" >"$TMP/cover" 2>"$TMP/missed"
read hit n <"$TMP/cover"
sed 's/^/    /' "$TMP/missed"
check "every identified parameter is in fit.csv (27)" "[ '$n' -eq 27 ]"
# 27 intervals at 95 %: about 1.4 misses expected; 4 or more would happen
# with probability 0.05 if each covered at its nominal rate (binomial)
check "the intervals cover the truth: $hit of $n" "[ '$hit' -ge 24 ]"
check "defaults say so" "grep -q '^journey.visit.cart.optional,1,NA,NA,0,default$' '$TMP/fit/fit.csv'"

# ---- determinism and the fitted scenario -------------------------------------------
"$CXSIM" fit --log "$TMP/log.csv" --out "$TMP/fit2" --bootstrap 200 -q
same=1
for f in fitted.lua fit.csv transitions.csv removal.csv gof.csv; do
    cmp -s "$TMP/fit/$f" "$TMP/fit2/$f" || same=0
done
check "the same data and seed: the same bytes" "[ $same -eq 1 ]"
expect_status "fitted.lua runs as is" 0 "$CXSIM" run "$TMP/fit/fitted.lua" --reps 1 \
    --set scenario.population=500
expect_status "an existing directory is refused" 2 "$CXSIM" fit --log "$TMP/log.csv" --out "$TMP/fit"
expect_status "--force replaces it" 0 "$CXSIM" fit --log "$TMP/log.csv" --out "$TMP/fit" --force -q \
    --bootstrap 50

# ---- a path table ------------------------------------------------------------------------
printf 'path;total_conversions;total_conversion_value;total_null\na > b;3;30;1\na;0;0;2\nb > a > b;1;10;1\nb;1;5;3\n' >"$TMP/paths.csv"
expect_status "fit a path table" 0 "$CXSIM" fit --paths "$TMP/paths.csv" --out "$TMP/pt" -q
check "removal effects of the hand-built table (0.5, 1)" \
    "grep -q '^a,0.5,' '$TMP/pt/removal.csv' && grep -q '^b,1,' '$TMP/pt/removal.csv'"

# ---- uncertainty out: the graph's Dirichlets under --uncertainty ---------------------
# Journeys start at a or b (100 each), a converts 60 of 100, b 20 of 100.
# fitted.lua declares start ~ Dirichlet(100.5, 100.5), a ~ Dirichlet(done
# 60.5, drop 40.5), b ~ Dirichlet(20.5, 80.5); the conversion rate P = s a
# + (1 - s) b of independent draws has mean 0.40099 and sd 0.034412 (E[P^2]
# from the beta moments E[x^2] = m (1 - m) / (A + 1) + m^2). Over 128 draws
# the sd's relative standard error is 1 / sqrt(2 * 127) = 6 % for random
# draws (less for the Sobol' design), so 20 % is over 3 of them; the mean
# within 0.01 is over 3 standard errors (0.0344 / sqrt(128) = 0.003). The
# simulation's own noise (10,000 customers, 12 periods) adds about 0.0016
# to the sd: negligible.
printf 'path;total_conversions;total_null\na;60;40\nb;20;80\n' >"$TMP/unc.csv"
"$CXSIM" fit --paths "$TMP/unc.csv" --out "$TMP/uf" -q
check "fitted.lua declares the start and next tables' Dirichlets" \
    "grep -q '^parameter \"journey.visit.start\" { dist = dirichlet { \[\"a\"\] = 100.5, \[\"b\"\] = 100.5 } }' '$TMP/uf/fitted.lua' &&
     grep -q '^parameter \"journey.visit.b.next\" { dist = dirichlet { \[\"done\"\] = 20.5, \[\"drop\"\] = 80.5 } }' '$TMP/uf/fitted.lua'"
expect_status "fitted.lua runs under --uncertainty" 0 "$CXSIM" run "$TMP/uf/fitted.lua" \
    --uncertainty 128 --reps 1 --out "$TMP/uu"
check "the draws of one table sum to 1" \
    "awk -F, 'NR > 1 { if (\$3 + \$4 < 1 - 1e-9 || \$3 + \$4 > 1 + 1e-9 || \$5 + \$6 < 1 - 1e-9 || \$5 + \$6 > 1 + 1e-9) bad++ } END { exit bad > 0 }' '$TMP/uu/draws.csv'"
check "the conversion rate's spread is the counts' (mean 0.40099, sd 0.034412)" \
    "awk -F, '\$2 == \"completion_rate\" { m = \$3; sd = \$4 } END { exit !(m > 0.391 && m < 0.411 && sd > 0.8 * 0.034412 && sd < 1.2 * 0.034412) }' '$TMP/uu/uncertainty.csv'"

# ---- frequency from the log alone -----------------------------------------------------
# Periods of 30 days from the first visit. a makes journeys in periods 0,
# 1 and 3, b in 0 and 1, c in 0, 2, 3 and 4. Only the periods strictly
# between a customer's first and last journey count (docs/fit.md,
# "Frequency"): a's 1 and 2 (1 journey), c's 1, 2 and 3 (2 journeys), b
# none: 3 journeys in 5 periods, 0.6.
printf 'customer,time,touchpoint,outcome\na,100,x,1\nb,200,x,0\nc,300,y,1\na,2592100,x,0\nb,2592200,y,1\nc,5184300,x,0\na,7776100,y,1\nc,7776300,x,1\nc,10368300,y,0\n' >"$TMP/freq.csv"
"$CXSIM" fit --log "$TMP/freq.csv" --out "$TMP/fq" -q
check "the log's frequency: 3 journeys in 5 interior periods" \
    "grep -q '^journey.visit.frequency.all,0.6,[0-9.e-]*,[0-9.e-]*,5,time$' '$TMP/fq/fit.csv'"

# The table paths in the language: an intervention's set and apply(m) change
# a next probability (drop 0.5 -> 0.1: completion 0.5 -> 0.9); a start
# probability is fixed within a run.
cat >"$TMP/paths.lua" <<'LUA'
scenario { name = "p", horizon = 2, population = 2000 }
segment "a" { share = 1 }
journey "j" {
  start = { x = 0.9, y = 0.1 },
  touchpoint "x" { next = { y = 0.5, drop = 0.5 } },
  touchpoint "y" { },
}
intervention "fewer_drops" { set = { ["j.x.next.drop"] = 0.1 } }
intervention "by_apply" { apply = function(m) m.journey.j.x.next.drop = m.journey.j.x.next.drop / 5 end }
variant "baseline" {}
variant "fix" { "fewer_drops" }
variant "fix2" { "by_apply" }
LUA
expect_status "interventions set next probabilities" 0 "$CXSIM" compare "$TMP/paths.lua" \
    --reps 4 --out "$TMP/pc" -q
check "completion rises to about 0.91 with drop 0.1 (0.9 x 0.9 + 0.1)" \
    "awk -F, '\$3 == \"completion_rate\" && \$1 != \"baseline\" { n++; if (\$5 > 0.89 && \$5 < 0.93) ok++ } END { exit !(n == 2 && ok == 2) }' '$TMP/pc/compare.csv'"
printf 'intervention "moved" { set = { ["j.start.x"] = 0.5 } }\n' >>"$TMP/paths.lua"
expect_status "a start probability cannot change during a run" 3 "$CXSIM" check "$TMP/paths.lua"
check "... and says so" "grep -q 'journey.j.start.x cannot change during a run' '$TMP/err'"

# ---- the customer table for churn ---------------------------------------------------
# Hand-made: new 1 churned of 4 + 10 = 14 customer-periods; loyal 1 of 10 +
# 10 + 1 = 21. The table wins over --inactive, and fit.csv says so.
printf 'customer,time,touchpoint,segment,outcome\nc1,100,a,new,1\nc2,200,a,new,0\nc3,300,b,loyal,1\nc4,400,a,loyal,0\n' >"$TMP/seglog.csv"
printf 'id,segment,first,last,left\nc1,new,1,4,1\nc2,new,2,11,false\nc3,loyal,0,9,0\nc4,loyal,3,12,true\nc5,loyal,1,1,0\n' >"$TMP/cust.csv"
expect_status "fit with a customer table" 0 "$CXSIM" fit --log "$TMP/seglog.csv" --inactive 1d \
    --customers "$TMP/cust.csv" --customers-column customer=id --customers-column churned=left \
    --out "$TMP/ct" -q
check "the table's hazard, count and source in fit.csv" \
    "grep -q '^segment.new.churn,0.0714285714286,[0-9.e-]*,[0-9.e-]*,14,left (customer table)$' '$TMP/ct/fit.csv' &&
     grep -q '^segment.loyal.churn,0.047619047619,[0-9.e-]*,[0-9.e-]*,21,left (customer table)$' '$TMP/ct/fit.csv'"
check "fitted.lua's segments carry it" "grep -q '^segment \"new\" { share = 0.5, churn = 0.07142857143 }' '$TMP/ct/fitted.lua'"
check "fitted.lua declares its sampling distribution" \
    "grep -q '^parameter \"segment.loyal.churn\" { dist = beta(1.5, 20.5),' '$TMP/ct/fitted.lua'"
# Frequency from the table: the log's journeys of the table's customers
# over their active periods; new: c1 and c2, 1 journey each, of 14
# periods; loyal: c3 and c4 1 each, c5 none (not in the log), of 21.
check "the table's frequencies in fit.csv" \
    "grep -q '^journey.visit.frequency.new,0.142857142857,[0-9.e-]*,[0-9.e-]*,14,first and last (customer table)$' '$TMP/ct/fit.csv' &&
     grep -q '^journey.visit.frequency.loyal,0.0952380952381,[0-9.e-]*,[0-9.e-]*,21,first and last (customer table)$' '$TMP/ct/fit.csv'"
check "run.json says where churn came from" "grep -q '\"churn_from\": \"customers\"' '$TMP/ct/run.json'"
expect_status "the fit with a customer table runs" 0 "$CXSIM" run "$TMP/ct/fitted.lua" --reps 1
badc() {
    printf "$2" >"$TMP/badc.csv"
    expect_status "bad customer table: $1" 3 "$CXSIM" fit --log "$TMP/seglog.csv" \
        --customers "$TMP/badc.csv" --out "$TMP/bad"
    check "bad customer table: $1: says where" "grep -qF 'badc.csv$3' '$TMP/err'"
    check "bad customer table: $1: nothing written" "[ ! -e '$TMP/bad' ]"
}
badc "empty file" "" ":1: empty"
badc "a missing column" 'customer,first,last\nc1,1,2\n' ":1: no column"
badc "last before first" 'customer,first,last,churned\nc1,5,2,0\n' ":2: column 3 (last)"
badc "churned not 0/1" 'customer,first,last,churned\nc1,1,2,maybe\n' ":2: column 4 (churned)"
badc "a negative period" 'customer,first,last,churned\nc1,-1,2,0\n' ":2: column 2 (first)"
badc "a repeated customer" 'customer,first,last,churned\nc1,1,2,0\nc1,1,3,1\n' ":3: column 1 (customer): customer"
badc "an unknown segment" 'customer,segment,first,last,churned\nc1,vip,1,2,0\n' ":2: column 2 (segment)"
expect_status "usage: an unknown customers role" 2 "$CXSIM" fit --log "$TMP/log.csv" \
    --customers "$TMP/cust.csv" --customers-column who=x --out "$TMP/x"

# ---- bad data: exit 3, named, nothing written --------------------------------------------
bad() {
    printf "$2" >"$TMP/bad.csv"
    expect_status "bad data: $1" 3 "$CXSIM" fit --log "$TMP/bad.csv" --out "$TMP/bad"
    printf '%s\n' "bad.csv$3" >"$TMP/want"     # may hold quotes: grep reads it from a file
    check "bad data: $1: says where" "grep -qF -f '$TMP/want' '$TMP/err'"
    check "bad data: $1: nothing written" "[ ! -e '$TMP/bad' ]"
}
bad "empty file" "" ":1: empty"
bad "unparseable timestamp" 'customer,time,touchpoint,outcome\nc,noon,a,1\n' ":2: column 2 (time)"
bad "events out of order" 'customer,time,touchpoint,outcome\nc,5,a,\nc,4,b,1\n' ":3: column 2 (time): events out of order"
bad "a name a scenario cannot use" 'customer,time,touchpoint,outcome\nc,1,a*b,1\n' ":2: column 3 (touchpoint)"
bad "a single journey" 'customer,time,touchpoint,outcome\nc,1,a,1\n' ":2: the data holds 1 journey"
bad "a missing column" 'customer,time,touchpoint\nc,1,a\n' ":1: no column 'outcome'"
bad "a repeated column" 'customer,time,touchpoint,outcome,time\nc,1,a,1,2\n' ":1: column 5 (time): column 'time' given twice"
bad "mixed separators (the header)" 'customer;time;touchpoint;outcome\nc;1;a;1\n' ":1: the header is one column"
bad "mixed separators (a row)" 'customer,time,touchpoint,outcome\nc,1,a,1\nd;2;a;1\n' ":3: 1 fields, the header has 4 (separator ','; mixed separators?)"
badp() {
    printf "$2" >"$TMP/badp.csv"
    expect_status "bad path table: $1" 3 "$CXSIM" fit --paths "$TMP/badp.csv" --out "$TMP/bad"
    printf '%s\n' "badp.csv$3" >"$TMP/want"
    check "bad path table: $1: says where" "grep -qF -f '$TMP/want' '$TMP/err'"
    check "bad path table: $1: nothing written" "[ ! -e '$TMP/bad' ]"
}
badp "empty file" "" ":1: empty"
badp "an empty step" 'path;total_conversions;total_null\na >  > b;1;0\n' ":2: column 1 (path): an empty step"
badp "a negative count" 'path;total_conversions;total_null\na > b;-1;0\n' ":2: column 2 (total_conversions): '-1' is not a count"
badp "a count that is not whole" 'path;total_conversions;total_null\na > b;1;2.5\n' ":2: column 3 (total_null): '2.5' is not a count"
badp "a missing column" 'path;total_conversions\na > b;1\n' ":1: no column 'total_null'"
badp "a repeated column" 'path;total_conversions;total_null;path\na;1;0;b\n' ":1: column 4 (path): column 'path' given twice"
badp "mixed separators (steps)" 'path;total_conversions;total_null\na>b;1;0\n' ":2: column 1 (path): step 'a>b' holds another separator"
badp "mixed separators (fields)" 'path;total_conversions;total_null\na > b,1,0\n' ":2: 1 fields, the header has 3"
badp "a single journey" 'path;total_conversions;total_null\na;1;0\nb;0;0\n' ":2: the data holds 1 journey"
expect_status "usage: no source" 2 "$CXSIM" fit --out "$TMP/x"
expect_status "usage: an unknown role" 2 "$CXSIM" fit --log "$TMP/log.csv" --column who=x --out "$TMP/x"
expect_status "usage: --events with compare" 2 "$CXSIM" compare "$SHOP" --events "$TMP/e.csv"

# switches take =1 and =0 here too, as for every verb
expect_status "fit --force=1 --quiet=1" 0 "$CXSIM" fit --log "$TMP/log.csv" --out "$TMP/fit" \
    --bootstrap 20 --force=1 --quiet=1
check "  --quiet=1: nothing on stdout" "[ ! -s '$TMP/out' ]"
expect_status "fit --force=0 over a fit" 2 "$CXSIM" fit --log "$TMP/log.csv" --out "$TMP/fit" \
    --bootstrap 20 --force=0 --quiet=0
expect_status "fit --quiet=maybe" 2 "$CXSIM" fit --log "$TMP/log.csv" --out "$TMP/x" --quiet=maybe
check "  says it is a switch" "grep -q -- '--quiet is a switch' '$TMP/err'"

testlib_finish
