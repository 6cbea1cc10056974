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
    check "bad data: $1: says where" "grep -qF 'bad.csv$3' '$TMP/err'"
    check "bad data: $1: nothing written" "[ ! -e '$TMP/bad' ]"
}
bad "empty file" "" ":1: empty"
bad "unparseable timestamp" 'customer,time,touchpoint,outcome\nc,noon,a,1\n' ":2: column 2 (time)"
bad "events out of order" 'customer,time,touchpoint,outcome\nc,5,a,\nc,4,b,1\n' ":3: column 2 (time): events out of order"
bad "a name a scenario cannot use" 'customer,time,touchpoint,outcome\nc,1,a*b,1\n' ":2: column 3 (touchpoint)"
bad "a single journey" 'customer,time,touchpoint,outcome\nc,1,a,1\n' ": the data holds 1 journey"
printf 'path;total_conversions;total_null\na > > b;1;0\n' >"$TMP/badp.csv"
expect_status "bad path table: an empty step" 3 "$CXSIM" fit --paths "$TMP/badp.csv" --out "$TMP/bad"
check "an empty step: nothing written" "[ ! -e '$TMP/bad' ]"
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
