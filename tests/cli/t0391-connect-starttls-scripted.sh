#!/usr/bin/env bash
# --starttls ftp, xmpp, mysql: no server of these can be started by a test
# in reasonable time, so tests/cli/starttls-peer.py speaks their plain-text
# part as RFC 4217, RFC 6120 and MySQL's protocol document have it, then a
# real TLS handshake (python's ssl).  The leaf is the one `openssl s_client
# -starttls PROTO` gets; a peer that declines is quoted.  This tests
# certcheck's side of each exchange, not interoperability with a real
# vsftpd, prosody or MariaDB.
. "$TESTS_DIR/cli/lib.sh"

G=$FIXTURES/gateway
leaf=$(der_sha256 "$G/server.crt")
cat "$G/server.crt" "$G/ca.crt" >"$T/chain.pem"
peer=$TESTS_DIR/cli/starttls-peer.py

for proto in ftp xmpp mysql; do
	port=$(free_port) no=$(free_port)
	bg python3 "$peer" "$proto" "$port" "$T/chain.pem" "$G/server.key" >"$T/$proto.log" 2>&1
	bg python3 "$peer" "$proto" "$no" "$T/chain.pem" "$G/server.key" refuse >"$T/$proto-no.log" 2>&1
	wait_port "$port"
	wait_port "$no"
	run connect --timeout 5 --starttls "$proto" --format json "127.0.0.1:$port"
	expect_status 0 "--starttls $proto"
	json_expect "tls[\"starttls\"]=$proto" 'tls["handshake"]["status"]=completed' \
		'src["entries"][0]["certificates"][0]["sha256"]='"$leaf" 'len(src["entries"][0]["certificates"])=2'
	xmpphost=()
	[ "$proto" = xmpp ] && xmpphost=(-xmpphost example.test)
	theirs=$(openssl s_client -starttls "$proto" "${xmpphost[@]}" -connect "127.0.0.1:$port" </dev/null 2>/dev/null |
		openssl x509 -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1)
	[ "$theirs" = "$leaf" ] || fail "--starttls $proto: openssl s_client got '$theirs'"
	run connect --timeout 5 --starttls "$proto" "127.0.0.1:$no"
	expect_status 3 "--starttls $proto against a peer that declines"
	expect_out "Ended at stage:     starttls"
	cp "$T/out" "$T/$proto-refused.txt"
	ok "--starttls $proto against a scripted peer: the chain s_client gets; a refusal at stage starttls"
done
grep -qF "Handshake:          the FTP server refused AUTH TLS: '534 Request denied for policy reasons.'" \
	"$T/ftp-refused.txt" || fail "ftp refusal not quoted"
grep -qF "Handshake:          the XMPP server does not offer STARTTLS (not among its stream features)" \
	"$T/xmpp-refused.txt" || fail "xmpp refusal not said"
grep -qF "Handshake:          the MySQL server (version '8.0.0-scripted') does not offer SSL" \
	"$T/mysql-refused.txt" || fail "mysql refusal not said"
ok "each refusal says what the peer answered"
