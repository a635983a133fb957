#!/usr/bin/env bash
# The gateway docs' server certificate lacks digitalSignature in its key
# usage.  GnuTLS refuses it during the handshake; connect still shows the
# chain (exit 0) and says why in plain words.  --allow-key-usage-violation
# completes the handshake and still says so.
. "$TESTS_DIR/cli/lib.sh"

G=$FIXTURES/gateway
NAME=proxy.upbound-127.0.0.1.nip.io
port=$(free_port)
s_server "$port" -cert "$G/server-docs.crt" -key "$G/server-docs.key" -cert_chain "$G/ca.crt"
leaf=$(der_sha256 "$G/server-docs.crt")
ca=$(der_sha256 "$G/ca.crt")
# openssl agrees the key usage lacks digitalSignature.
openssl x509 -in "$G/server-docs.crt" -noout -ext keyUsage | grep -q 'Key Encipherment, Data Encipherment' ||
	fail "fixture: unexpected key usage"

for version in 1.3 1.2; do
	run connect --tls-max "$version" --sni "$NAME" "127.0.0.1:$port"
	expect_status 0 "TLS $version"
	expect_out "Handshake:          the server certificate's key usage (keyEncipherment, dataEncipherment) lacks digitalSignature"
	expect_out "GnuTLS refused it during the handshake"
	expect_out "--allow-key-usage-violation"
	expect_out "(chain, 2 certificates)"
	expect_out "SHA-256:            $leaf"
	expect_out "SHA-256:            $ca"
	run connect --tls-max "$version" --format json "127.0.0.1:$port"
	expect_status 0
	json_expect 'tls["handshake"]["status"]=key_usage_violation' 'tls["handshake"]["stage"]=handshake' \
		"tls[\"protocol\"]=TLS$version" \
		'[c["sha256"] for c in src["entries"][0]["certificates"]]='"['$leaf', '$ca']"
	ok "TLS $version: GnuTLS refuses the docs certificate; the chain is kept and the reason given"
done

run connect --allow-key-usage-violation --sni "$NAME" "127.0.0.1:$port"
expect_status 0
expect_out "Handshake:          completed"
expect_out "note: the server certificate's key usage (keyEncipherment, dataEncipherment) lacks digitalSignature"
expect_out "completed only because of --allow-key-usage-violation"
run connect --allow-key-usage-violation --priority NORMAL:-VERS-ALL:+VERS-TLS1.2 --format json "127.0.0.1:$port"
expect_status 0
json_expect 'tls["handshake"]["status"]=completed' 'tls["protocol"]=TLS1.2' 'len(tls["notes"])=1'
ok "--allow-key-usage-violation completes the handshake and still says why"

# The corrected certificate: no such note.
port2=$(free_port)
s_server "$port2" -cert "$G/server.crt" -key "$G/server.key" -cert_chain "$G/ca.crt"
run connect --sni "$NAME" "127.0.0.1:$port2"
expect_status 0
expect_out "Handshake:          completed"
expect_no_out "digitalSignature, which"
ok "the corrected gateway certificate completes without a note"
