#!/bin/bash
# show: every certificate's fields against openssl's view of the same files,
# every input format, keys skipped, stdin, --pem, --at, and chain findings.
. "$(dirname "$0")/lib.sh"

AT=2026-01-01T06:00:00Z
I=$FIXTURES/istio
chain=$I/cluster1/workload-chain.pem

# The Istio workload chain: three blocks, fields as openssl reads them.
run show --at "$AT" "$chain"
expect_status 0
expect_out "(chain, 3 certificates)"
expect_out "Certificate 1 of 3: leaf"
expect_out "Certificate 3 of 3: self-signed root"
expect_out "URI:spiffe://cluster.local/ns/foo/sa/httpbin"
expect_out "O=Istio,CN=Intermediate CA,L=cluster1"
expect_out "(18h 0m left)"
expect_out "CA:TRUE, pathlen:0  (critical)"
expect_out "digitalSignature, keyEncipherment  (critical)"
expect_out "serverAuth, clientAuth"
expect_out "ok      presented in order: each certificate is issued by the next"
expect_out "ok      certificate 3 is a self-signed root (O=Istio,CN=Root CA)"
for n in 1 2 3; do
	expect_out "$(der_sha256 "$chain" "$n")"
done
ok "text: three certificates, fingerprints equal openssl's, findings in order"

run show --format json --at "$AT" "$chain"
expect_status 0
[ "$(json_get 'd["certcheck_json"]')" = 1 ] || fail "no certcheck_json version key"
[ "$(json_get 'len(d["sources"][0]["entries"][0]["certificates"])')" = 3 ] || fail "want 3 certificates"
for n in 1 2 3; do
	pem=$T/cert$n.pem
	awk -v want="$n" '/-----BEGIN CERTIFICATE-----/{k++} k==want{print} /-----END CERTIFICATE-----/{if(k==want) exit}' "$chain" >"$pem"
	c="d['sources'][0]['entries'][0]['certificates'][$((n - 1))]"
	[ "$(json_get "$c['sha256']")" = "$(der_sha256 "$chain" "$n")" ] || fail "sha256 of $n"
	serial=$(openssl x509 -in "$pem" -noout -serial | cut -d= -f2 | tr 'A-F' 'a-f' | sed 's/^0*//')
	[ "$(json_get "$c['serial']")" = "$serial" ] || fail "serial of $n: want $serial"
	pin=$(openssl x509 -in "$pem" -noout -pubkey | openssl pkey -pubin -outform DER |
		openssl dgst -sha256 -binary | base64)
	[ "$(json_get "$c['spki_sha256']")" = "$pin" ] || fail "spki_sha256 of $n: want $pin"
	end=$(date -u -d "$(openssl x509 -in "$pem" -noout -enddate | cut -d= -f2)" +%Y-%m-%dT%H:%M:%SZ)
	[ "$(json_get "$c['not_after']")" = "$end" ] || fail "not_after of $n: want $end"
done
[ "$(json_get "d['sources'][0]['entries'][0]['certificates'][0]['sans']")" = \
	"[{'type': 'URI', 'value': 'spiffe://cluster.local/ns/foo/sa/httpbin'}]" ] || fail "leaf sans"
[ "$(json_get "d['sources'][0]['entries'][0]['certificates'][2]['self_signed']")" = True ] || fail "root self_signed"
[ "$(json_get "d['sources'][0]['entries'][0]['certificates'][1]['is_ca']")" = True ] || fail "intermediate is_ca"
[ "$(json_get "d['sources'][0]['entries'][0]['certificates'][0]['aki'] == d['sources'][0]['entries'][0]['certificates'][1]['ski']")" = True ] ||
	fail "leaf AKI must equal intermediate SKI"
ok "json: serial, sha256, spki_sha256, not_after equal openssl's; sans, is_ca, self_signed, aki/ski"

# Every format holds the same chain: transcript, CRLF, glued blocks, keys
# between the blocks, PKCS#7 in DER and PEM.
want=$(der_sha256 "$FIXTURES/formats/chain-with-text.pem" 1)
for f in chain-with-text.pem chain-crlf.pem chain-glued.pem chain-with-key.pem chain.p7b chain.p7b.pem \
	s_client-showcerts.txt; do
	run show --format json --at "$AT" "$FIXTURES/formats/$f"
	expect_status 0 "$f"
	[ "$(json_get 'd["sources"][0]["entries"][0]["certificates"][0]["sha256"]')" = "$want" ] ||
		fail "$f: first certificate differs from the PEM chain's"
	n=$(json_get 'len(d["sources"][0]["entries"][0]["certificates"])')
	[ "$n" -ge 2 ] || fail "$f: want the whole chain, got $n"
done
run show --format json "$FIXTURES/formats/leaf.der"
expect_status 0
[ "$(json_get 'd["sources"][0]["format"]')" = der ] || fail "leaf.der not read as DER"
ok "formats: transcript, CRLF, glued, key inside, PKCS#7 (DER and PEM), DER"

# Keys are skipped with a note, and never printed.
run show "$FIXTURES/formats/chain-with-key.pem"
expect_status 0
expect_out "skipped a PRIVATE KEY block (not a certificate)"
expect_no_out "BEGIN PRIVATE KEY"
keyline=$(sed -n '/BEGIN .*PRIVATE KEY/{n;p;q}' "$FIXTURES/formats/chain-with-key.pem")
[ -n "$keyline" ] || fail "fixture has no key"
! grep -qF -- "$keyline" "$T/out" "$T/err" || fail "key material printed"
ok "a key between certificates is skipped with a note and not printed"

# Standard input and --pem: the PEM out reads back to the same certificates.
run_stdin "$FIXTURES/formats/s_client-showcerts.txt" show --pem -
expect_status 0
[ "$(grep -c -- '-----BEGIN CERTIFICATE-----' "$T/out")" -ge 2 ] || fail "--pem output"
expect_no_out "CONNECTED"
cp "$T/out" "$T/again.pem"
[ "$(der_sha256 "$T/again.pem" 1)" = "$want" ] || fail "--pem output differs from the input"
run_stdin "$T/again.pem" show --format json -
expect_status 0
[ "$(json_get 'd["sources"][0]["location"]')" = "(stdin)" ] || fail "stdin location"
ok "stdin and --pem round trip"

# --at: expiry and not-yet-valid members are findings; exit stays 0 for show.
run show --at 2026-01-02T13:00:00Z "$chain"
expect_status 0
expect_out "error   certificate 1 (URI:spiffe://cluster.local/ns/foo/sa/httpbin) expired 13h 0m ago, at 2026-01-02T00:00:00Z"
run show --at @1767182400 "$FIXTURES/istio-expired/cert-chain.pem"
expect_out "expired"
expect_out "is not valid before 2026-01-01T00:00:00Z"
ok "--at (RFC 3339 and @EPOCH): expired and not yet valid members named"

# Istio's plug-in CA default chain repeats the root.
run show --at "$AT" "$I/cluster1/plugin-default-chain.pem"
expect_status 0
expect_out "certificate 4 is a repeat of certificate 3 (O=Istio,CN=Root CA)"
ok "plug-in CA chain: the repeated root is a duplicate finding"

# The regenerated root: same subject, another key.
cat "$I/cluster1/ca-cert.pem" "$FIXTURES/istio-rogue/root-cert.pem" >"$T/rogue.pem"
run show --format json --at "$AT" "$T/rogue.pem"
expect_status 0
codes=$(json_get '" ".join(f["code"] for f in d["sources"][0]["entries"][0]["findings"])')
[ "$codes" = "issuer_key_mismatch root_present" ] || fail "findings: $codes"
ok "an intermediate followed by a same-subject root with another key: issuer_key_mismatch"

# The root left out: the top's issuer is named.
head -n "$(grep -n -- '-----END CERTIFICATE-----' "$chain" | sed -n 2p | cut -d: -f1)" "$chain" >"$T/noroot.pem"
run show --at "$AT" "$T/noroot.pem"
expect_out "no self-signed root: certificate 2 (O=Istio,CN=Intermediate CA,L=cluster1) is issued by O=Istio,CN=Root CA"
ok "root not sent: issuer_missing names the issuer"

# Several sources in one run, and global options before the command.
run -q show --color never "$chain" "$FIXTURES/gateway/server-chain.pem"
expect_status 0
expect_out "== $chain"
expect_out "== $FIXTURES/gateway/server-chain.pem"
run --version
expect_status 0
expect_out "certcheck"
ok "several sources; global -q, --color, --version"

# Usage errors.
run show --at tomorrow "$chain"
expect_status 2
expect_err "--at: 'tomorrow' is not a TIME"
run show --format xml "$chain"
expect_status 2
expect_err "--format"
run show
expect_status 2
run show "$T/does-not-exist.pem"
expect_status 2
expect_err "$T/does-not-exist.pem: cannot open"
ok "usage and missing file: exit 2 naming the option or file"
