#!/usr/bin/env bash
# Certificates that strict TLS clients refuse: the chain is captured anyway,
# every finding is named by show and connect with the fix, and
# `check --strict-clients` fails on it.
#
# 1. The self-hosted gateway recipe, built here with plain openssl commands
#    as the docs build it (server keyUsage = keyEncipherment,
#    dataEncipherment; EKU serverAuth), served by openssl s_server over
#    TLS 1.3 and TLS 1.2 (ECDHE).
# 2. One fixture per finding (fixtures/strict, see fixtures/README.md):
#    show names it, check fails on it, and so do connect and check against
#    s_server serving it.
. "$TESTS_DIR/cli/lib.sh"

NAME=proxy.upbound-127.0.0.1.nip.io

# --- 1. the docs' recipe ---------------------------------------------------
G=$T/gateway
mkdir -p "$G"
(
	cd "$G"
	openssl genrsa -out ca.key 2048 2>/dev/null
	openssl req -x509 -new -nodes -key ca.key -sha256 -days 365 -subj /CN=MyCA -out ca.crt
	openssl genrsa -out server.key 2048 2>/dev/null
	openssl req -new -key server.key -subj "/CN=$NAME" -out server.csr
	cat >server.ext <<EOF
keyUsage = keyEncipherment, dataEncipherment
extendedKeyUsage = serverAuth
subjectAltName = @alt_names
[alt_names]
DNS.1 = $NAME
DNS.2 = *.$NAME
IP.1 = 127.0.0.1
EOF
	openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 -sha256 \
		-extfile server.ext -out server.crt 2>/dev/null
	# The fix: digitalSignature added, nothing else changed.
	sed 's/^keyUsage = .*/keyUsage = critical, digitalSignature, keyEncipherment/' server.ext >fixed.ext
	openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 -sha256 \
		-extfile fixed.ext -out fixed.crt 2>/dev/null
)
openssl x509 -in "$G/server.crt" -noout -ext keyUsage | grep -q 'Key Encipherment, Data Encipherment' ||
	fail "recipe: unexpected key usage"
leaf=$(der_sha256 "$G/server.crt")
ca=$(der_sha256 "$G/ca.crt")
port=$(free_port)
s_server "$port" -cert "$G/server.crt" -key "$G/server.key" -cert_chain "$G/ca.crt"

# openssl s_client connects to it without a word; that is the trap.
openssl s_client -connect "127.0.0.1:$port" -servername "$NAME" </dev/null >"$T/s_client" 2>&1 ||
	fail "openssl s_client should connect: $(tail -3 "$T/s_client")"

finding="certificate 1 (CN=$NAME) has key usage keyEncipherment, dataEncipherment (not critical, but clients enforce it) without digitalSignature"
for version in 1.3 1.2; do
	run connect --tls-max "$version" --sni "$NAME" "127.0.0.1:$port"
	expect_status 0 "TLS $version"
	expect_out "GnuTLS refused it during the handshake"
	expect_out "(chain, 2 certificates)"
	expect_out "SHA-256:            $leaf"
	expect_out "SHA-256:            $ca"
	expect_out "warning $finding"
	expect_out "fix: keyUsage = critical, digitalSignature, keyEncipherment"
	run connect --tls-max "$version" --sni "$NAME" --format json "127.0.0.1:$port"
	expect_status 0
	json_expect 'tls["handshake"]["status"]=key_usage_violation' "tls[\"protocol\"]=TLS$version" \
		'tls["allow_key_usage_violation"]=False' \
		'[c["sha256"] for c in src["entries"][0]["certificates"]]='"['$leaf', '$ca']" \
		'[(f["code"], f["certificate"]) for f in src["entries"][0]["findings"] if f["severity"] != "ok"]=[('"'no_digital_signature'"', 1)]'
	ok "TLS $version: the docs' certificate is refused by GnuTLS; chain kept, missing digitalSignature named"

	# The allow option: the handshake completes, the session facts are
	# shown, and the report says the check was off.
	run connect --tls-max "$version" --allow-key-usage-violation --sni "$NAME" "127.0.0.1:$port"
	expect_status 0
	expect_out "Handshake:          completed"
	expect_out "Key usage check:    off (--allow-key-usage-violation)"
	expect_out "Protocol:           TLS$version"
	expect_no_out "Cipher suite:       (not negotiated)"
	expect_out "completed only because of --allow-key-usage-violation"
	expect_out "warning $finding"
	run connect --tls-max "$version" --allow-key-usage-violation --sni "$NAME" --format json "127.0.0.1:$port"
	expect_status 0
	cipher=$(json_get 'd["sources"][0]["tls"]["cipher"]')
	case $version/$cipher in
	1.3/TLS_AES_* | 1.3/TLS_CHACHA20_* | 1.2/TLS_ECDHE_RSA_*) ;;
	*) fail "TLS $version: unexpected cipher suite '$cipher'" ;;
	esac
	json_expect 'tls["handshake"]["status"]=completed' "tls[\"protocol\"]=TLS$version" \
		'tls["allow_key_usage_violation"]=True'
	ok "TLS $version: --allow-key-usage-violation completes ($cipher) and says so"
done

# Every tls:// source gets the chain and the finding; check fails on it.
run show "tls://127.0.0.1:$port"
expect_status 0
expect_out "warning $finding"
run check --strict-clients --root "$G/ca.crt" --sni "$NAME" "tls://127.0.0.1:$port"
expect_status 1
expect_out "FAIL  strict-clients: $finding"
expect_out "handshake: the server certificate's key usage (keyEncipherment, dataEncipherment) lacks digitalSignature"
expect_out "warning no_digital_signature: $finding"
expect_out "PASS  valid-path: "
expect_out "1 passed, 1 failed"
run check --strict-clients --expect-root "$G/ca.crt" --expect-host "$NAME" --format junit "tls://127.0.0.1:$port"
expect_status 1
xmllint --xpath 'string(//testcase[@name="strict-clients"]/failure/@message)' "$T/out" >"$T/msg"
grep -qF "$finding" "$T/msg" || fail "JUnit failure message: $(cat "$T/msg")"
[ "$(xmllint --xpath 'count(//testcase[@name="expect-root"]/failure)' "$T/out")" = 0 ] ||
	fail "expect-root should pass"
ok "show and check over tls:// capture the chain; check --strict-clients fails (text and JUnit)"

port2=$(free_port)
s_server "$port2" -cert "$G/fixed.crt" -key "$G/server.key" -cert_chain "$G/ca.crt"
run connect --sni "$NAME" "127.0.0.1:$port2"
expect_status 0
expect_out "Handshake:          completed"
expect_no_out "without digitalSignature"
expect_no_out "warning "
expect_no_out "error "
run check --strict-clients --root "$G/ca.crt" --sni "$NAME" "tls://127.0.0.1:$port2"
expect_status 0
expect_out "PASS  strict-clients: nothing in the chain that strict TLS clients refuse (as a server chain)"
ok "the fixed certificate: handshake completes, no finding, check passes"

# --- 2. one fixture per finding ------------------------------------------
S=$FIXTURES/strict
# NAME CODE CERT PURPOSE PHRASE: PHRASE is part of the finding's message.
cases=(
	"no-digital-signature|no_digital_signature|1|server|has key usage keyEncipherment, dataEncipherment (not critical, but clients enforce it) without digitalSignature"
	"ku-critical-wrong-bits|key_usage_forbids_tls|1|server|has key usage keyCertSign (critical), which allows no TLS server use"
	"eku-no-serverauth|eku_no_server_auth|1|server|has extended key usage clientAuth without serverAuth"
	"client-eku-no-clientauth|eku_no_client_auth|1|client|has extended key usage serverAuth without clientAuth"
	"rsa-1024|weak_rsa_key|1|server|has a 1024-bit RSA key"
	"sha1-signature|weak_signature|1|server|is signed with RSA-SHA1 (SHA-1)"
	"md5-signature|weak_signature|1|server|is signed with RSA-MD5 (MD5)"
	"leaf-ca-true|leaf_is_ca|1|server|is the leaf but has basicConstraints CA:TRUE"
	"intermediate-no-ca|issuer_not_ca|2|server|issues certificates but has basicConstraints CA:FALSE"
	"intermediate-no-keycertsign|issuer_no_key_cert_sign|2|server|issues certificates but its key usage (digitalSignature, cRLSign (critical)) lacks keyCertSign"
	"cn-only|name_only_in_cn|1|server|names 'strict.example.test' only in its CN and has no subjectAltName"
	"underscore-san|underscore_in_dns_name|1|server|has DNS name 'my_cluster.example.test' with an underscore"
)
AT=2026-06-01T00:00:00Z
for c in "${cases[@]}"; do
	IFS='|' read -r name code cert purpose phrase <<<"$c"
	chain=$S/$name-chain.pem
	run show --purpose "$purpose" --at "$AT" "$chain"
	expect_status 0 "$name"
	expect_out "$phrase"
	expect_out "fix: "
	run show --purpose "$purpose" --at "$AT" --format json "$chain"
	expect_status 0
	json_expect '[(f["code"], f["certificate"]) for f in src["entries"][0]["findings"] if f["severity"] not in ("ok", "info")]='"[('$code', $cert)]"
	run check --strict-clients --root "$S/ca.crt" --purpose "$purpose" --at "$AT" "$chain"
	expect_status 1 "$name: check"
	expect_out "FAIL  strict-clients: certificate $cert "
	expect_out "$code: certificate $cert"
	run check --strict-clients --root "$S/ca.crt" --purpose "$purpose" --at "$AT" --format json "$chain"
	expect_status 1
	json_expect 'd["results"][0]["name"]=valid-path' 'd["results"][1]["name"]=strict-clients' \
		'd["results"][1]["outcome"]=fail' 'd["errors"]=0'
	ok "$name: show names $code on certificate $cert; check --strict-clients fails"
done

# The control passes, and the right purpose clears a certificate for its role.
run check --strict-clients --root "$S/ca.crt" --at "$AT" "$S/good-chain.pem"
expect_status 0
run show --at "$AT" "$S/good-chain.pem"
expect_no_out "warning "
expect_no_out "error "
run check --strict-clients --root "$FIXTURES/mtls/ca.crt" --purpose client --at "$AT" "$FIXTURES/mtls/client-chain.pem"
expect_status 0
run check --strict-clients --root "$FIXTURES/mtls/ca.crt" --at "$AT" "$FIXTURES/mtls/client-chain.pem"
expect_status 1
expect_out "--purpose client if it is one"
run check --strict-clients --root "$S/ca.crt" --purpose any --at "$AT" "$S/eku-no-serverauth-chain.pem"
expect_status 0
run show --at "$AT" "$S/sha1-root.crt"
expect_no_out "is signed with"
expect_no_out "warning "
expect_no_out "error "
# An EC key cannot decrypt: keyEncipherment alone allows it no TLS use,
# and the fix names digitalSignature only.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/ec.key" \
	-subj /CN=ec.example.test -days 30 -addext "basicConstraints = critical, CA:FALSE" \
	-addext "keyUsage = critical, keyEncipherment" -addext "subjectAltName = DNS:ec.example.test" \
	-out "$T/ec.crt" 2>/dev/null
run show "$T/ec.crt"
expect_out "error   certificate 1 (CN=ec.example.test) has key usage keyEncipherment (critical), which allows no TLS server use"
grep -qE 'fix: keyUsage = critical, digitalSignature$' "$T/out" || fail "EC fix should name digitalSignature only"
# The everyday self-signed development certificate: CN=localhost, no SAN.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/localhost.key" -subj /CN=localhost -days 30 \
	-addext "basicConstraints = critical, CA:FALSE" -out "$T/localhost.crt" 2>/dev/null
run show "$T/localhost.crt"
expect_out "warning certificate 1 (CN=localhost) names 'localhost' only in its CN and has no subjectAltName"
expect_out "fix: subjectAltName = DNS:localhost"
run show --purpose serverAuth "$S/good-chain.pem"
expect_status 2
expect_err "--purpose: 'serverAuth' is not server, client or any"
ok "control passes; --purpose client/any clear role-specific findings; a SHA-1 self-signed root is fine; an EC key with keyEncipherment alone allows no TLS use; CN=localhost without a SAN; a bad --purpose exits 2"

# Over TLS: each fixture served by s_server (security level 0 so OpenSSL
# serves the weak ones); connect keeps the chain (exit 0, even when GnuTLS
# aborts the handshake) and names the finding; check over tls:// fails.
for c in "${cases[@]}"; do
	IFS='|' read -r name code cert purpose phrase <<<"$c"
	[ "$purpose" = server ] || continue
	# The leaf and its key; the rest of the chain file for -cert_chain.
	leaf_file=$S/$name.crt key=$S/$name.key
	if [ -f "$S/$name-leaf.crt" ]; then
		leaf_file=$S/$name-leaf.crt key=$S/$name-leaf.key
	fi
	awk '/-----BEGIN CERTIFICATE-----/{n++} n>1' "$S/$name-chain.pem" >"$T/rest.pem"
	p=$(free_port)
	s_server "$p" -cert "$leaf_file" -key "$key" -cert_chain "$T/rest.pem" -cipher 'DEFAULT:@SECLEVEL=0'
	run connect --at "$AT" --format json "127.0.0.1:$p"
	expect_status 0 "$name over TLS"
	want_n=$(grep -c 'BEGIN CERTIFICATE' "$S/$name-chain.pem")
	json_expect "len(src['entries'][0]['certificates'])=$want_n" \
		"'$code' in [f['code'] for f in src['entries'][0]['findings']]=True"
	run check --strict-clients --root "$S/ca.crt" --at "$AT" "tls://127.0.0.1:$p"
	expect_status 1 "$name: check over TLS"
	expect_out "$code: certificate $cert"
	ok "$name over TLS: chain of $want_n kept, $code named, check fails"
done
