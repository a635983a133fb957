#!/usr/bin/env bash
# connect against gnutls-serv presenting the gateway certificate: the chain
# is captured, and --alpn h2 is negotiated where the server offers it.
# (gnutls-serv cannot bind one address: it listens on the wildcard, on a
# free port, for the few hundred milliseconds of this test.)
. "$TESTS_DIR/cli/lib.sh"

G=$FIXTURES/gateway
port=$(free_port)
bg gnutls-serv --port "$port" --x509certfile "$G/server-chain.pem" --x509keyfile "$G/server.key" \
	--alpn h2 --disable-client-cert --http </dev/null >"$T/gnutls-serv.log" 2>&1
wait_port "$port"

run connect --alpn h2,http/1.1 --sni proxy.upbound-127.0.0.1.nip.io --format json "127.0.0.1:$port"
expect_status 0
json_expect 'tls["alpn"]=h2' 'tls["sni"]=proxy.upbound-127.0.0.1.nip.io' \
	'tls["handshake"]["status"]=completed' 'tls["client_cert_requested"]=False' \
	'len(src["entries"][0]["certificates"])=2' \
	'src["entries"][0]["certificates"][0]["sha256"]='"$(der_sha256 "$G/server.crt")" \
	'src["entries"][0]["certificates"][1]["sha256"]='"$(der_sha256 "$G/ca.crt")"
ok "gnutls-serv: gateway chain captured, ALPN h2 negotiated"

run connect --alpn h2 "127.0.0.1:$port"
expect_status 0
expect_out "ALPN:               h2 (offered: h2)"
expect_out "Subject:            CN=proxy.upbound-127.0.0.1.nip.io"
run connect --alpn spdy/1 "127.0.0.1:$port"
expect_status 0
expect_out "ALPN:               (none selected) (offered: spdy/1)"
run connect "127.0.0.1:$port"
expect_status 0
expect_out "ALPN:               (none selected)"
expect_no_out "offered"
ok "text: the ALPN selected, or none when the server shares no protocol"
