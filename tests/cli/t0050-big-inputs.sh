#!/bin/bash
# One file of 20,001 certificates (the Istio workload chain 6,667 times):
# no count limit, and every command that reads a file reads it whole.
. "$(dirname "$0")/lib.sh"

I=$FIXTURES/istio/cluster1
AT=2026-01-01T12:00:00Z
BIG=$T/big.pem
python3 -c 'import sys; open(sys.argv[1], "w").write(open(sys.argv[2]).read() * 6667)' \
	"$BIG" "$I/workload-chain.pem"
[ "$(grep -c -- '-----BEGIN CERTIFICATE-----' "$BIG")" = 20001 ] || fail "made $BIG"

run show --at "$AT" --format json "$BIG"
expect_status 0
[ "$(json_get 'len(d["sources"][0]["entries"][0]["certificates"])')" = 20001 ] ||
	fail "show --format json: not 20001 certificates"
[ "$(json_get 'sum(f["code"] == "duplicate" for f in d["sources"][0]["entries"][0]["findings"])')" = 19998 ] ||
	fail "show --format json: not 19998 repeats"
ok "show --format json: 20001 certificates, the 19998 repeats named"

run show --at "$AT" "$BIG"
expect_status 0
expect_out "certificate 20001 is a repeat of certificate 3"
ok "show: the last certificate is shown"

run split -q -d "$T/split" "$BIG"
expect_status 0
[ "$(find "$T/split" -name 'cert-*.pem' | wc -l)" = 20001 ] || fail "split: not 20001 files"
cmp "$T/split/cert-20001.pem" <(openssl x509 -in "$I/../root-cert.pem") || fail "split: cert-20001.pem"
ok "split: 20001 files, the last the root"

run verify --at "$AT" --intermediate "$BIG" --root "$BIG" "$I/workload-cert.pem"
expect_status 0
ok "verify: the bundle as --intermediate and --root"

run diff "$BIG" "$BIG"
expect_status 0
[ "$(head -1 "$T/out")" = "identical (20001 of 20001 certificates identical)" ] || fail "diff verdict"
ok "diff: 20001 of 20001 identical"

run check --at "$AT" --expect-root "$I/../root-cert.pem" "$BIG"
expect_status 0
expect_out "PASS  valid-path: the chain validates to 'O=Istio,CN=Root CA'"
expect_out "the root is presented 6667 times"
expect_out "2 passed, 0 failed"
ok "check --expect-root: the path validates, the 6667 repeats named"

run roots --at "$AT" "$BIG"
expect_status 0
expect_out "shared: the source leads to one root, O=Istio,CN=Root CA"
ok "roots"
