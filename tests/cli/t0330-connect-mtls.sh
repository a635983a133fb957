#!/usr/bin/env bash
# openssl s_server -Verify 1 (a client certificate is required), in TLS 1.2
# and TLS 1.3: without --cert the chain is still captured (exit 0) and the
# summary says a client certificate was required and names the accepted CA;
# with --cert/--key signed by that CA the handshake completes; one from
# another CA draws the server's alert.
. "$TESTS_DIR/cli/lib.sh"

G=$FIXTURES/gateway
M=$FIXTURES/mtls
ca_dn=$(openssl x509 -in "$M/ca.crt" -noout -subject | sed 's/^subject=//; s/ = /=/g; s/, /,/g')
[ "$ca_dn" = "O=Istio,CN=Client CA" ] || fail "openssl names the client CA '$ca_dn'"
leaf=$(der_sha256 "$G/server.crt")

for version in 1.2 1.3; do
	port=$(free_port)
	s_server "$port" "-tls${version/./_}" -Verify 1 -CAfile "$M/ca.crt" \
		-cert "$G/server.crt" -key "$G/server.key" -cert_chain "$G/ca.crt"
	# TLS 1.3 ends after the client's Finished: the stage says so.
	stage=handshake
	[ "$version" = 1.3 ] && stage=post-handshake

	run connect "127.0.0.1:$port"
	expect_status 0 "TLS $version without a client certificate"
	expect_out "Handshake:          the server requires a client certificate"
	expect_out "Protocol:           TLS$version"
	expect_out "Client certificate: requested by the server, none sent"
	expect_out "Accepted CAs:       $ca_dn"
	expect_out "Ended at stage:     $stage"
	expect_out "SHA-256:            $leaf"
	expect_out "note: the handshake did not complete"
	run connect --format json "127.0.0.1:$port"
	expect_status 0
	json_expect 'tls["handshake"]["status"]=client_cert_required' "tls[\"handshake\"][\"stage\"]=$stage" \
		'tls["client_cert_requested"]=True' 'tls["client_cert_sent"]=False' \
		"tls[\"accepted_cas\"]=['$ca_dn']" "tls[\"protocol\"]=TLS$version" \
		'tls["handshake"]["alert"] in ("handshake_failure", "certificate_required")=True' \
		'src["entries"][0]["certificates"][0]["sha256"]='"$leaf" 'src["error"]=None'
	ok "TLS $version: client certificate required, chain captured, CA named"

	run connect --cert "$M/client-chain.pem" --key "$M/client.key" --format json "127.0.0.1:$port"
	expect_status 0
	json_expect 'tls["handshake"]["status"]=completed' 'tls["client_cert_requested"]=True' \
		'tls["client_cert_sent"]=True' "tls[\"protocol\"]=TLS$version" \
		'src["entries"][0]["certificates"][0]["sha256"]='"$leaf"
	run connect --cert "$M/client-chain.pem" --key "$M/client.key" "127.0.0.1:$port"
	expect_status 0
	expect_out "Handshake:          completed"
	expect_out "Client certificate: requested by the server, sent"
	expect_no_out "note: the handshake did not complete"
	# The private key never reaches the output.
	key_line=$(sed -n 2p "$M/client.key")
	! grep -qF -- "$key_line" "$T/out" "$T/err" || fail "the client key leaked"
	ok "TLS $version: with --cert/--key the handshake completes"

	# A server that checks the client certificate, given one from another CA.
	strict_port=$(free_port)
	s_server "$strict_port" "-tls${version/./_}" -Verify 1 -verify_return_error -CAfile "$M/ca.crt" \
		-cert "$G/server.crt" -key "$G/server.key"
	run connect --cert "$G/server-chain.pem" --key "$G/server.key" --format json "127.0.0.1:$strict_port"
	expect_status 0
	json_expect 'tls["handshake"]["status"]=alert' 'tls["handshake"]["alert"]=unknown_ca' \
		"tls[\"handshake\"][\"stage\"]=$stage" 'tls["client_cert_sent"]=True' \
		'tls["handshake"]["message"].endswith("after receiving the client certificate")=True' \
		'src["entries"][0]["certificates"][0]["sha256"]='"$leaf"
	ok "TLS $version: a client certificate from another CA: alert unknown_ca, chain kept"
done

# A key that is not the certificate's: said before dialling (a closed port
# gives no "connection refused"), naming both files, exit 2; not blamed on
# the server's decrypt_error.
closed=$(free_port)
for cmd in connect show; do
	target="127.0.0.1:$closed"
	[ "$cmd" = show ] && target="tls://$target"
	run "$cmd" --cert "$M/client-chain.pem" --key "$G/server.key" "$target"
	expect_status 2 "$cmd with a mismatched key"
	expect_err "certcheck: $G/server.key: the key does not match the certificate (the first one in $M/client-chain.pem)"
	expect_no_out "refused"
	! grep -q "refused" "$T/err" || fail "$cmd dialled with a mismatched key"
done
port=$(free_port)
s_server "$port" -Verify 1 -CAfile "$M/ca.crt" -cert "$G/server.crt" -key "$G/server.key"
run connect --cert "$M/client-chain.pem" --key "$G/server.key" "127.0.0.1:$port"
expect_status 2
expect_err "the key does not match the certificate"
expect_no_out "decrypt_error"
# Several endpoints: said once, before any.
run check --expect-host x --cert "$M/client-chain.pem" --key "$G/server.key" "tls://127.0.0.1:$port" \
	"tls://127.0.0.1:$closed"
expect_status 2
expect_empty_out
[ "$(grep -c 'the key does not match' "$T/err")" -eq 1 ] || fail "the mismatch is not said once"
ok "--cert A --key B with B not A's key: refused before dialling, exit 2"
