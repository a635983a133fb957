#!/usr/bin/env bash
# certcheck verify: the Istio scenario, openssl verify's verdicts on the same
# files, and every failure reason in words naming the certificate.
. "$TESTS_DIR/cli/lib.sh"

I=$FIXTURES/istio
AT=2026-01-01T06:00:00Z
EPOCH=1767247200

# The workload chain from cluster1 verifies to the root; the path is printed.
run verify --at "$AT" --root "$I/root-cert.pem" "$I/cluster1/workload-chain.pem"
expect_status 0
expect_out "1. URI:spiffe://cluster.local/ns/foo/sa/httpbin"
expect_out "2. O=Istio,CN=Intermediate CA,L=cluster1"
expect_out "3. O=Istio,CN=Root CA  [trust anchor]"
expect_out "verified"
expect_no_out "not verified"
expect_out "Profile: clients"
# No --host/--ip/--uri/--email: said, in text and JSON (issue 19, item 5).
expect_out "Name: no name checked (give --host, --ip, --uri or --email)"
ok "istio workload chain verifies to the root, path printed, no name checked said"
run verify --format json --at "$AT" --root "$I/root-cert.pem" "$I/cluster1/workload-chain.pem"
[ "$(json_get 'd["name_checked"]')" = False ] || fail "json name_checked without a name"
[ "$(json_get 'd["anchor"]')" = "a self-signed root" ] || fail "json anchor"
run verify --at "$AT" --root "$I/root-cert.pem" --uri spiffe://cluster.local/ns/foo/sa/httpbin "$I/cluster1/workload-chain.pem"
expect_status 0
expect_no_out "no name checked"

# An intermediate given as --root is the anchor of a partial chain, and says
# so (issue 19, item 12): openssl verify needs -partial_chain for it.
run verify --at "$AT" --root "$I/cluster1/ca-cert.pem" "$I/cluster1/workload-cert.pem"
expect_status 0
expect_out "2. O=Istio,CN=Intermediate CA,L=cluster1  [trust anchor: an intermediate (partial chain)]"
openssl verify -attime "$EPOCH" -CAfile "$I/cluster1/ca-cert.pem" "$I/cluster1/workload-cert.pem" >/dev/null 2>&1 &&
	fail "openssl verify accepts a partial chain without -partial_chain"
openssl verify -attime "$EPOCH" -partial_chain -CAfile "$I/cluster1/ca-cert.pem" "$I/cluster1/workload-cert.pem" \
	>/dev/null 2>&1 || fail "openssl verify -partial_chain refuses it"
run verify --format json --at "$AT" --root "$I/cluster1/ca-cert.pem" "$I/cluster1/workload-cert.pem"
[ "$(json_get 'd["anchor"]')" = "an intermediate (partial chain)" ] || fail "json anchor of a partial chain"
ok "a trusted intermediate: the partial chain is named, as openssl -partial_chain accepts it"

# An expired intermediate listed before its valid re-issue (same subject and
# key): backtracking finds the valid path, in both orders.
P=$T/reissue
mkdir -p "$P"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/root.key" \
	-subj "/CN=Reissue Root" -days 3650 -out "$P/root.pem" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/ica.key" \
	-subj "/CN=Reissue ICA" -out "$P/ica.csr" 2>/dev/null
printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >"$P/ca.ext"
# the old one is valid for a day, the re-issue for years: judged 10 days on
openssl x509 -req -in "$P/ica.csr" -CA "$P/root.pem" -CAkey "$P/root.key" -CAcreateserial \
	-days 1 -extfile "$P/ca.ext" -out "$P/ica-old.pem" 2>/dev/null
openssl x509 -req -in "$P/ica.csr" -CA "$P/root.pem" -CAkey "$P/root.key" -CAcreateserial \
	-days 3000 -extfile "$P/ca.ext" -out "$P/ica-new.pem" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/leaf.key" \
	-subj "/CN=reissue.example.test" -out "$P/leaf.csr" 2>/dev/null
printf 'subjectAltName=DNS:reissue.example.test\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\nauthorityKeyIdentifier=keyid\n' >"$P/leaf.ext"
openssl x509 -req -in "$P/leaf.csr" -CA "$P/ica-new.pem" -CAkey "$P/ica.key" -CAcreateserial \
	-days 30 -extfile "$P/leaf.ext" -out "$P/leaf.pem" 2>/dev/null
LATER=$(date -u -d '+10 days' +%Y-%m-%dT%H:%M:%SZ)
for order in "ica-old.pem ica-new.pem" "ica-new.pem ica-old.pem"; do
	set -- $order
	cat "$P/leaf.pem" "$P/$1" "$P/$2" >"$P/chain.pem"
	run verify --at "$LATER" --root "$P/root.pem" --host reissue.example.test --purpose server "$P/chain.pem"
	expect_status 0
	expect_out "verified"
done
run verify --at "$LATER" --root "$P/root.pem" --host reissue.example.test "$P/leaf.pem" --intermediate "$P/ica-old.pem"
expect_status 1
expect_out "error expired: certificate 2 'CN=Reissue ICA'"
ok "an expired intermediate before its re-issue: the valid path is found in both orders"

# Intermediates from --intermediate, in any order, untrusted.
run verify --at "$AT" --root "$I/root-cert.pem" --intermediate "$I/cluster2/ca-cert.pem" \
	--intermediate "$I/cluster1/ca-cert.pem" "$I/cluster1/workload-cert.pem"
expect_status 0
expect_out "2. O=Istio,CN=Intermediate CA,L=cluster1"
ok "--intermediate sources build the path, any order"

# The seed scenario: certcheck verify --root ca-cert.pem --root root-cert.pem
# accepts exactly what openssl verify -CAfile <(cat ca-cert.pem root-cert.pem) accepts.
# The README gives it as an equivalence: the two commands are still there.
grep -qF 'openssl verify -CAfile <(cat ca-cert.pem root-cert.pem) proxy-cert-1.pem' "$SOURCE_ROOT/README.md" ||
	fail "README.md: the openssl verify example changed; update this test"
grep -qF 'certcheck verify --root ca-cert.pem --root root-cert.pem proxy-cert-1.pem' "$SOURCE_ROOT/README.md" ||
	fail "README.md: the certcheck verify example changed; update this test"
for leaf in "$I/cluster1/workload-cert.pem" "$I/cluster2/workload-cert.pem" \
	"$FIXTURES/istio-rogue/cluster3/workload-cert.pem" "$FIXTURES/istio-expired/workload-cert.pem" \
	"$I/cluster1/workload-reissued-cert.pem" "$I/cluster1/ca-cert.pem"; do
	for at in 1767247200 1767333600 1767358800; do
		if openssl verify -attime "$at" -CAfile <(cat "$I/cluster1/ca-cert.pem" "$I/root-cert.pem") \
			"$leaf" >/dev/null 2>&1; then want=0; else want=1; fi
		for profile in clients compat; do
			run verify --profile "$profile" --at "@$at" --root "$I/cluster1/ca-cert.pem" --root "$I/root-cert.pem" "$leaf"
			expect_status "$want" "openssl verify on $leaf at @$at, --profile $profile"
		done
	done
done
ok "verify --root ca-cert.pem --root root-cert.pem agrees with openssl verify -CAfile (clients and compat)"

# Missing intermediate: signer not found, naming the issuer DN.
run verify --at "$AT" --root "$I/root-cert.pem" "$I/cluster1/workload-cert.pem"
expect_status 1
expect_out "not verified"
expect_out "error no_path: no certificate or trust anchor named 'O=Istio,CN=Intermediate CA,L=cluster1' (the issuer of"
ok "missing intermediate: signer not found names the issuer DN"

# Another root with the same subject: not trusted.
run verify --at "$AT" --root "$I/root-cert.pem" "$FIXTURES/istio-rogue/cluster3/workload-chain.pem"
expect_status 1
expect_out "error no_path: the self-signed 'O=Istio,CN=Root CA' is not a trust anchor (a trust anchor has its subject, but another key: same subject, different key)"
ok "rogue root with the same subject is not trusted"

# Expired intermediate: named as the culprit.
run verify --at "$AT" --root "$I/root-cert.pem" "$FIXTURES/istio-expired/workload-chain.pem"
expect_status 1
expect_out "expired: certificate 2 'O=Istio,CN=Intermediate CA,L=expired' expired at 2025-12-31T00:00:00Z"
expect_no_out "certificate 1 'URI"
ok "expired intermediate named as the culprit"

# Not yet valid: the re-issued leaf at 06:00, and the leaf is the one named.
run verify --at "$AT" --root "$I/root-cert.pem" "$I/cluster1/workload-reissued-chain.pem"
expect_status 1
expect_out "not_yet_valid: certificate 1 'URI:spiffe://cluster.local/ns/foo/sa/httpbin' is valid only from 2026-01-01T12:00:00Z"
run verify --at 2026-01-02T13:00:00Z --root "$I/root-cert.pem" "$I/cluster1/workload-chain.pem"
expect_status 1
expect_out "expired: certificate 1 'URI:spiffe://cluster.local/ns/foo/sa/httpbin' expired at 2026-01-02T00:00:00Z"
ok "expired and not yet valid leaves named"

# Names: --uri exact, --host with wildcard, --ip.
run verify --at "$AT" --root "$I/root-cert.pem" --uri spiffe://cluster.local/ns/foo/sa/httpbin "$I/cluster1/workload-chain.pem"
expect_status 0
run verify --at "$AT" --root "$I/root-cert.pem" --uri spiffe://cluster.local/ns/foo/sa/httpbin2 "$I/cluster1/workload-chain.pem"
expect_status 1
expect_out "does not carry the URI 'spiffe://cluster.local/ns/foo/sa/httpbin2' (it has URI:spiffe://cluster.local/ns/foo/sa/httpbin)"
G=$FIXTURES/gateway
run verify --at "$AT" --root "$G/ca.crt" --host foo.proxy.upbound-127.0.0.1.nip.io "$G/server-chain.pem"
expect_status 0
run verify --at "$AT" --root "$G/ca.crt" --host a.b.proxy.upbound-127.0.0.1.nip.io "$G/server-chain.pem"
expect_status 1
expect_out "is not valid for host 'a.b.proxy.upbound-127.0.0.1.nip.io'"
run verify --at "$AT" --root "$G/ca.crt" --ip 127.0.0.1 "$G/server-chain.pem"
expect_status 0
run verify --at "$AT" --root "$G/ca.crt" --ip ::1 "$G/server-chain.pem"
expect_status 1
expect_out "is not valid for IP address ::1"
ok "--uri, --host (wildcard) and --ip"

# Purpose.
run verify --at "$AT" --root "$G/ca.crt" --purpose server "$G/server-chain.pem"
expect_status 0
run verify --at "$AT" --root "$G/ca.crt" --purpose client "$G/server-chain.pem"
expect_status 1
expect_out "error leaf_eku_purpose: certificate 1 'CN=proxy.upbound-127.0.0.1.nip.io', the leaf, does not allow clientAuth (EKU: serverAuth)"
ok "--purpose server|client"

# Issuer not a CA, insecure algorithm, bad signature.
S=$FIXTURES/strict
run verify --at "$AT" --root "$S/ca.crt" --intermediate "$S/intermediate-no-ca.crt" "$S/intermediate-no-ca-leaf.crt"
expect_status 1
expect_out "error issuer_not_ca: certificate 2 'CN=Strict Intermediate (CA:FALSE)' issued 'CN=strict.example.test' but has CA:FALSE"
run verify --at "$AT" --root "$S/ca.crt" "$S/sha1-signature.crt"
expect_status 1
expect_out "error weak_signature: certificate 1 'CN=strict.example.test' is signed with RSA-SHA1"
run verify --at "$AT" --root "$S/ca.crt" "$S/rsa-1024.crt"
expect_status 1
expect_out "error weak_key: certificate 1 'CN=strict.example.test' has an RSA key of 1024 bits"
# A leaf whose signature was damaged (last byte of the DER flipped).
openssl x509 -in "$S/good.crt" -outform DER >"$T/good.der"
python3 -c 'import sys; d=bytearray(open(sys.argv[1],"rb").read()); d[-1]^=1; open(sys.argv[2],"wb").write(d)' "$T/good.der" "$T/bad-sig.der"
run verify --at "$AT" --root "$S/ca.crt" "$T/bad-sig.der"
expect_status 1
expect_out "bad_signature: 'CN=strict.example.test' names 'CN=Strict Test CA' as its issuer, but its signature does not verify"
ok "issuer not a CA, insecure algorithm, bad signature"

# Path length exceeded: a sub-CA under cluster1's pathlen:0 intermediate.
. "$FIXTURES/lib-pki.sh"
PKI_START=2026-01-01T00:00:00Z pki_cert "$I/cluster1/ca-cert.pem" "$I/cluster1/ca-key.pem" "$T/sub.pem" "$T/sub-key.pem" \
	"/O=Istio/CN=Sub CA" "basicConstraints = critical, CA:true" "keyUsage = critical, keyCertSign"
PKI_START=2026-01-01T00:00:00Z pki_server "$T/sub.pem" "$T/sub-key.pem" "$T/leaf.pem" "$T/leaf-key.pem" leaf.example.test
! openssl verify -attime "$EPOCH" -CAfile "$I/root-cert.pem" -untrusted <(cat "$I/cluster1/ca-cert.pem" "$T/sub.pem") \
	"$T/leaf.pem" >/dev/null 2>&1 || fail "openssl accepts the over-long path"
run verify --at "$AT" --root "$I/root-cert.pem" --intermediate "$T/sub.pem" --intermediate "$I/cluster1/ca-cert.pem" "$T/leaf.pem"
expect_status 1
expect_out "error path_length: certificate 3 'O=Istio,CN=Intermediate CA,L=cluster1' allows 0 intermediate(s) below it (pathlen), the path has 1"
ok "path length exceeded names the constraining CA"

# Three cases of the x509-limbo corpus (tests/data/x509-limbo), as files.
"$TESTS_DIR/limbo/run" --corpus "$TESTDATA/x509-limbo/limbo-full-2026-12-01.json.xz" --extract "$T/limbo" \
	online::google.com rfc5280::nc::intermediate-with-san-rejected-by-intermediate-nc \
	rfc5280::nc::permitted-self-issued
# limbo_field DIR COLUMN: a column of the extracted case DIR's row of index.tsv.
limbo_field() {
	awk -F'\t' -v dir="$1" -v col="$2" '$1 == dir {print $col}' "$T/limbo/index.tsv"
}

# No --root: the system trust store (ca-certificates, from scripts/deps), on a
# real chain of the x509-limbo corpus at its validation time.
L=$T/limbo/online__google.com
vt=$(limbo_field online__google.com 7)
[ -n "$vt" ] && [ "$vt" != - ] || fail "online::google.com has no validation time"
run verify --at "$vt" --host google.com "$L/chain.pem"
expect_status 0
expect_out "[trust anchor]"
run verify --at "$AT" "$I/cluster1/workload-chain.pem"
expect_status 1
expect_out "no_path: the self-signed 'O=Istio,CN=Root CA' is not a trust anchor"
ok "no --root: the system trust store"

# Name constraints on an intermediate's own SAN (x509-limbo case): each link is checked.
L=$T/limbo/rfc5280__nc__intermediate-with-san-rejected-by-intermediate-nc
run verify --root "$L/trusted.pem" --intermediate "$L/untrusted.pem" --host permitted.example.com "$L/peer.pem"
expect_status 1
expect_out "error nc_not_permitted: certificate 2 'OU="
expect_out "is outside the permitted subtrees of certificate 3"
L=$T/limbo/rfc5280__nc__permitted-self-issued
run verify --profile strict --root "$L/trusted.pem" --intermediate "$L/untrusted.pem" --host "$(limbo_field rfc5280__nc__permitted-self-issued 6)" "$L/peer.pem"
expect_status 0
# Go and rustls constrain self-issued intermediates too: the default profile fails it.
run verify --root "$L/trusted.pem" --intermediate "$L/untrusted.pem" --host "$(limbo_field rfc5280__nc__permitted-self-issued 6)" "$L/peer.pem"
expect_status 1
expect_out "error nc_on_self_issued: certificate 2"
ok "name constraints apply to intermediates, not to self-issued ones (strict), and to them too (clients)"

# JSON.
run verify --format json --at "$AT" --root "$I/root-cert.pem" "$I/cluster1/workload-cert.pem"
expect_status 1
[ "$(json_get 'd["verified"]')" = False ] || fail "json verified"
[ "$(json_get 'd["reasons"][0]["code"]')" = no_path ] || fail "json reason code"
run verify --format json --at "$AT" --root "$I/root-cert.pem" "$I/cluster1/workload-chain.pem"
expect_status 0
[ "$(json_get 'd["path"][2]["sha256"]')" = "$(der_sha256 "$I/root-cert.pem")" ] || fail "json path root sha256"
[ "$(json_get 'd["path"][2]["trust_anchor"]')" = True ] || fail "json trust_anchor"
ok "--format json: verified, path, reasons"

# Usage errors name the option.
run verify --at 2026-13-01T00:00:00Z --root "$I/root-cert.pem" "$I/cluster1/workload-chain.pem"
expect_status 2
expect_err "--at: '2026-13-01T00:00:00Z' is not a TIME"
run verify --purpose web "$I/cluster1/workload-chain.pem"
expect_status 2
expect_err "--purpose: 'web'"
run verify --ip 300.1.1.1 --root "$I/root-cert.pem" "$I/cluster1/workload-chain.pem"
expect_status 2
expect_err "--ip: '300.1.1.1' is not an IP address"
run verify --host a --uri b "$I/cluster1/workload-chain.pem"
expect_status 2
run verify --root "$FIXTURES/bad/empty.pem" "$I/cluster1/workload-chain.pem"
expect_status 2
expect_err "empty.pem"
ok "usage and input errors exit 2 naming the option or file"
