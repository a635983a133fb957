#!/bin/bash
# Big inputs are decoded on several threads (CERTCHECK_THREADS, default the
# online CPUs): the output is byte for byte the one of a single thread, for
# show (text and JSON) and split, and so is the first error of a bad input.
. "$(dirname "$0")/lib.sh"

BIG=$T/bundle.pem
python3 "$TESTS_DIR/../bench/gen-bundle" 3000 "$BIG"
[ "$(grep -c -- '-----BEGIN CERTIFICATE-----' "$BIG")" = 3000 ] || fail "made $BIG"
AT=2026-06-01T00:00:00Z

# both NAME STATUS STREAM ARGS...: run certcheck ARGS with 1 and with 2
# threads, expect STATUS, keep STREAM (out or err) as $T/NAME-1 and -2.
both() {
	local name=$1 status=$2 stream=$3 t
	shift 3
	for t in 1 2; do
		CERTCHECK_THREADS=$t run "$@"
		expect_status "$status"
		mv "$T/$stream" "$T/$name-$t"
	done
}

both json 0 out show --at "$AT" --format json "$BIG"
both text 0 out show --at "$AT" "$BIG"
for t in 1 2; do
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
both err 2 err show --format json "$T/bad.pem"
cmp "$T/err-1" "$T/err-2" || fail "the error differs with 2 threads"
grep -qF "bad.pem: line " "$T/err-2" && grep -qF "base64 data is truncated or invalid" "$T/err-2" ||
	fail "error: $(cat "$T/err-2")"
ok "a bad block among 3000: the same first error with 1 and 2 threads"

# A gateway's dump of 201 secrets: its datasources are read ahead on every
# core, and each chain is checked against its own -cacert (found through
# the source's index of trust entries).  Byte-identical with 1 and 2
# threads; a chain under the wrong CA, a datasource with a note (a key
# block beside the certificates) and a bad base64 deep inside keep their
# findings, notes and error.
C1=$FIXTURES/istio/cluster1
python3 "$TESTS_DIR/../bench/gen-dump" 201 "$T/dump.json" "$C1/root-cert.pem" "$C1/ca-cert.pem" \
	"$C1/workload-cert.pem"
python3 - "$T/dump.json" "$FIXTURES/istio-rogue/root-cert.pem" "$C1/root-cert.pem" "$FIXTURES/istio/root-key.pem" <<'PY' ||
import base64, json, sys
path, rogue, root, key = sys.argv[1:]
d = json.load(open(path))
secrets = d["configs"][1]["dynamic_active_secrets"]
b64 = lambda data: base64.b64encode(data).decode()
# tls-7-cacert trusts another root: tls-7's trust link breaks.
ca7 = next(s for s in secrets if s["name"] == "kubernetes://tls-7-cacert")
ca7["secret"]["validation_context"]["trusted_ca"]["inline_bytes"] = b64(open(rogue, "rb").read())
# tls-9-cacert holds the root and, after it, a private key: a note, never its content.
ca9 = next(s for s in secrets if s["name"] == "kubernetes://tls-9-cacert")
ca9["secret"]["validation_context"]["trusted_ca"]["inline_bytes"] = b64(open(root, "rb").read() + open(key, "rb").read())
json.dump(d, open(path, "w"), indent=1)
bad = json.load(open(path))
s = next(s for s in bad["configs"][1]["dynamic_active_secrets"] if s["name"] == "kubernetes://tls-60")
s["secret"]["tls_certificate"]["certificate_chain"]["inline_bytes"] = "!!not base64!!"
json.dump(bad, open(path.replace("dump.json", "bad-dump.json"), "w"), indent=1)
PY
	fail "made the dumps"
DAT=2026-01-01T12:00:00Z   # the workload certificate lives one day
both dump-json 0 out show --at "$DAT" --format json "$T/dump.json"
both dump-text 0 out show --at "$DAT" "$T/dump.json"
both dump-err 2 err show --at "$DAT" "$T/bad-dump.json"
cmp "$T/dump-json-1" "$T/dump-json-2" || fail "the dump's JSON differs with 2 threads"
cmp "$T/dump-text-1" "$T/dump-text-2" || fail "the dump's text differs with 2 threads"
cmp "$T/dump-err-1" "$T/dump-err-2" || fail "the bad dump's error differs with 2 threads"
json_file() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }
F="$T/dump-json-2"
[ "$(json_file "$F" 'len(d["sources"][0]["entries"])')" = 201 ] || fail "not 201 entries"
[ "$(json_file "$F" 'sum(f["code"] == "trust_link" and f["severity"] == "ok" for e in d["sources"][0]["entries"] for f in e["findings"])')" = 99 ] ||
	fail "not 99 chains linked to their own -cacert"
json_file "$F" '[f["message"] for e in d["sources"][0]["entries"] if e["name"] == "kubernetes://tls-7" for f in e["findings"] if f["code"] == "trust_link"][0]' |
	grep -qF "does not lead to the source's own trust entry kubernetes://tls-7-cacert" || fail "tls-7's broken trust link"
json_file "$F" '[e["notes"] for e in d["sources"][0]["entries"] if e["name"] == "kubernetes://tls-9-cacert"][0]' |
	grep -qF "skipped a" || fail "tls-9-cacert's note about the key block"
! grep -q "PRIVATE KEY-----\|MII[A-Za-z0-9+/]*$" "$T/dump-text-2" || fail "key material in the output"
grep -qF 'dynamic_active_secrets[118].secret.tls_certificate.certificate_chain.inline_bytes' "$T/dump-err-2" &&
	grep -qF "not base64" "$T/dump-err-2" || fail "bad dump's error: $(cat "$T/dump-err-2")"
ok "a 201-secret dump: show (text and JSON) byte-identical with 1 and 2 threads, 99 trust links, the broken one, the note, the first error by key path"
