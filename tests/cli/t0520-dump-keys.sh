#!/usr/bin/env bash
# Private keys in dumps never reach any output: run every command on
# inputs that hold keys (a cacerts Secret with ca-key.pem, a List with
# tls.key, stringData with a PEM key, an Envoy dump whose keys were NOT
# redacted, a combined cert+key PEM, an error next to a key) and check
# that no stdout, stderr or written file holds any line of the keys' PEM,
# any stretch of their base64, or of their DER in hex.
. "$TESTS_DIR/cli/lib.sh"

AT=2026-01-01T06:00:00Z
D=$T/dumps
"$FIXTURES/dumps/gen.sh" "$D"
I=$FIXTURES/istio
KEYS=("$I/cluster1/ca-key.pem" "$I/cluster2/ca-key.pem" "$I/cluster1/workload-key.pem")

# Inputs beyond gen.sh's: an unredacted Envoy dump (inline_bytes and
# inline_string keys), stringData and a combined PEM in a Secret.
WK64=$(base64 -w0 "$I/cluster1/workload-key.pem")
WKSTR=$(awk '{printf "%s\\n", $0}' "$I/cluster1/workload-key.pem")
CHAIN64=$(base64 -w0 "$I/cluster1/plugin-default-chain.pem")
ROOT64=$(base64 -w0 "$I/root-cert.pem")
cat >"$D/unredacted.json" <<JSON
{"configs": [{"@type": "type.googleapis.com/envoy.admin.v3.SecretsConfigDump",
 "dynamic_active_secrets": [
  {"name": "default", "secret": {"name": "default", "tls_certificate": {
    "certificate_chain": {"inline_bytes": "$CHAIN64"},
    "private_key": {"inline_bytes": "$WK64"}}}},
  {"name": "file-cert:/etc/certs/cert-chain.pem~/etc/certs/key.pem", "secret": {"tls_certificate": {
    "certificate_chain": {"inline_bytes": "$CHAIN64"},
    "private_key": {"inline_string": "$WKSTR"}}}},
  {"name": "ROOTCA", "secret": {"validation_context": {"trusted_ca": {"inline_bytes": "$ROOT64"}}}}]}]}
JSON
{
	printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: combined\n  namespace: foo\nstringData:\n'
	printf '  tls.key: |\n'
	sed 's/^/    /' "$I/cluster1/workload-key.pem"
	printf '  tls-combined.pem: |\n'
	cat "$I/cluster1/workload-cert.pem" "$I/cluster1/workload-key.pem" "$I/cluster1/ca-cert.pem" | sed 's/^/    /'
	printf '  tls.crt: |\n'
	cat "$I/cluster1/workload-key.pem" "$I/cluster1/workload-cert.pem" | sed 's/^/    /'
	printf 'type: kubernetes.io/tls\n'
} >"$D/combined.yaml"
# Errors right next to a key: the message must not quote it.
printf 'apiVersion: v1\ndata:\n  ca-key.pem: %s\n  root-cert.pem: %s\nkind: Secret\nmetadata:\n  name: bad\n' \
	"$(base64 -w0 "$I/cluster1/ca-key.pem")" "$(base64 -w0 "$I/cluster1/ca-key.pem" | cut -c1-200)" >"$D/bad-next-to-key.yaml"
printf 'apiVersion: v1\nstringData:\n  ca.crt: |\n%s\nkind: Secret\nmetadata:\n  name: keyonly\n' \
	"$(sed 's/^/    /' "$I/cluster1/ca-key.pem")" >"$D/key-as-cert.yaml"

INPUTS=("$D/cacerts.yaml" "$D/secrets-list.json" "$D/mesh.yaml" "$D/unredacted.json" "$D/combined.yaml")
ALL=$T/all-output
: >"$ALL"
collect() {
	run "$@"
	cat "$T/out" "$T/err" >>"$ALL"
	echo "$STATUS"
}
n=0
for f in "${INPUTS[@]}" "$D/bad-next-to-key.yaml" "$D/key-as-cert.yaml"; do
	collect show --at "$AT" "$f" >/dev/null
	collect show --at "$AT" --format json "$f" >/dev/null
	collect show --pem "$f" >/dev/null
	collect roots --at "$AT" "$f" "$D/cluster1-secret.json" >/dev/null
	collect roots --format json "$f" >/dev/null
	run_stdin "$f" show --at "$AT" -
	cat "$T/out" "$T/err" >>"$ALL"
	n=$((n + 1))
	if collect split -d "$T/split-$n" "$f" >/dev/null; then :; fi
	cat "$T/split-$n"/* >>"$ALL" 2>/dev/null || true
done
for f in "${INPUTS[@]}"; do
	run show --at "$AT" "$f"
	expect_status 0 "show $f"
done
# Every key input was read, and the unredacted dump's chain is all there.
run show --format json --at "$AT" "$D/unredacted.json"
[ "$(jq -r '[.sources[0].entries[] | "\(.name):\(.certificates | length)"] | join(",")' "$T/out")" = \
	"default:4,file-cert:/etc/certs/cert-chain.pem~/etc/certs/key.pem:4,ROOTCA:1" ] || fail "unredacted dump entries"
run show --format json --at "$AT" "$D/combined.yaml"
[ "$(jq -r '[.sources[0].entries[] | "\(.name):\(.certificates | length)"] | join(",")' "$T/out")" = \
	"foo/combined/tls-combined.pem:2,foo/combined/tls.crt:1" ] || fail "combined entries"
jq -e '[.sources[0].entries[].notes[]] | map(test("skipped a PRIVATE KEY block")) | all and length == 2' "$T/out" >/dev/null ||
	fail "the skipped key blocks are not noted"
run show "$D/bad-next-to-key.yaml"
expect_status 2
expect_err 'bad-next-to-key.yaml: line 4: data["root-cert.pem"]: line 1: -----BEGIN PRIVATE KEY----- has no END line'
[ -s "$ALL" ] || fail "no output collected"
ok "every command ran on $n inputs that hold keys"

# The patterns: each base64 line of each key's PEM, 32-character stretches of
# the one-line base64 of the key file (as in a Secret) and of the key in
# hex.
PAT=$T/patterns
: >"$PAT"
for k in "${KEYS[@]}"; do
	grep -v -- '-----' "$k" >>"$PAT"
	b=$(base64 -w0 "$k")
	h=$(openssl pkey -in "$k" -outform DER | od -An -v -tx1 | tr -d ' \n')
	for ((i = 0; i + 32 <= ${#b}; i += 29)); do echo "${b:i:32}" >>"$PAT"; done
	for ((i = 0; i + 32 <= ${#h}; i += 31)); do echo "${h:i:32}" >>"$PAT"; done
done
[ "$(wc -l <"$PAT")" -gt 300 ] || fail "too few key patterns"
# The patterns would find a key: check them against the inputs themselves.
grep -qF -f "$PAT" "$D/cacerts.yaml" || fail "the patterns do not match a key in cacerts.yaml"
grep -qF -f "$PAT" "$D/unredacted.json" || fail "the patterns do not match a key in unredacted.json"
if grep -nF -f "$PAT" "$ALL" >"$T/leaks"; then
	head -5 "$T/leaks" >&2
	fail "key material in the output"
fi
grep -q 'skipped a PRIVATE KEY block' "$ALL" || fail "no note about a skipped private key at all"
ok "no output holds any line, base64 stretch or hex of the keys"
