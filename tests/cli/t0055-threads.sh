#!/bin/bash
# Big inputs are decoded on several threads (CERTCHECK_THREADS, default the
# online CPUs): the output is byte for byte the one of a single thread, for
# show (text and JSON) and split, and so is the first error of a bad input.
. "$(dirname "$0")/lib.sh"

BIG=$T/bundle.pem
python3 "$TESTS_DIR/../bench/gen-bundle" 3000 "$BIG"
[ "$(grep -c -- '-----BEGIN CERTIFICATE-----' "$BIG")" = 3000 ] || fail "made $BIG"
AT=2026-06-01T00:00:00Z

for t in 1 2; do
	CERTCHECK_THREADS=$t run show --at "$AT" --format json "$BIG"
	expect_status 0
	mv "$T/out" "$T/json-$t"
	CERTCHECK_THREADS=$t run show --at "$AT" "$BIG"
	expect_status 0
	mv "$T/out" "$T/text-$t"
	CERTCHECK_THREADS=$t run split -d "$T/split-$t" "$BIG"
	expect_status 0
	mv "$T/out" "$T/split-$t.out"
done
cmp "$T/json-1" "$T/json-2" || fail "show --format json differs with 2 threads"
cmp "$T/text-1" "$T/text-2" || fail "show differs with 2 threads"
[ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["sources"][0]["entries"][0]["certificates"]))' "$T/json-2")" = 3000 ] ||
	fail "not 3000 certificates"
sed "s|split-1|split-2|" "$T/split-1.out" | cmp - "$T/split-2.out" || fail "split printed other paths"
diff -r "$T/split-1" "$T/split-2" >/dev/null || fail "split wrote other files with 2 threads"
ok "3000 distinct certificates: show, show --format json and split byte-identical with 1 and 2 threads"

# A bad block in the middle, a block without END at the end: the first in
# input order is the error, whatever thread decoded what.
python3 - "$BIG" "$T/bad.pem" <<'PY'
import sys
blocks = open(sys.argv[1]).read().split("-----END CERTIFICATE-----\n")
blocks[1500] = blocks[1500].replace("MII", "MII!", 1)
open(sys.argv[2], "w").write("-----END CERTIFICATE-----\n".join(blocks) + "-----BEGIN CERTIFICATE-----\nMIIB\n")
PY
for t in 1 2; do
	CERTCHECK_THREADS=$t run show --format json "$T/bad.pem"
	expect_status 2
	mv "$T/err" "$T/err-$t"
done
cmp "$T/err-1" "$T/err-2" || fail "the error differs with 2 threads"
grep -qF "bad.pem: line " "$T/err-2" && grep -qF "base64 data is truncated or invalid" "$T/err-2" ||
	fail "error: $(cat "$T/err-2")"
ok "a bad block among 3000: the same first error with 1 and 2 threads"
