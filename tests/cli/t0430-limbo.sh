#!/usr/bin/env bash
# x509-limbo conformance: certcheck verify must agree with expected_result
# wherever certtool 3.7.9 does (tests/limbo/run prints the figures).
. "$TESTS_DIR/cli/lib.sh"

LIMBO=$SHARED/corpora/x509-limbo
[ -d "$LIMBO/cases" ] || fail "no x509-limbo corpus at $LIMBO"
set +e
"$TESTS_DIR/limbo/run" "$CERTCHECK" "$LIMBO" >"$T/out" 2>"$T/err"
STATUS=$?
set -e
cat "$T/out"
expect_status 0 "certcheck disagrees where certtool agrees"
expect_out "certcheck agrees wherever certtool agrees"
n=$(tail -n +2 "$LIMBO/index.tsv" | wc -l)
grep -qE "^certcheck: [0-9]+ agree, [0-9]+ disagree, 0 skipped$" "$T/out" || fail "cases skipped"
agree=$(sed -n 's/^certcheck: \([0-9]*\) agree.*/\1/p' "$T/out")
disagree=$(sed -n 's/^certcheck: [0-9]* agree, \([0-9]*\) disagree.*/\1/p' "$T/out")
[ $((agree + disagree)) -eq "$n" ] || fail "not every case ran ($agree + $disagree != $n)"
ok "x509-limbo: $agree of $n cases agree; none lost where certtool agrees"
