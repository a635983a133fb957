#!/usr/bin/env bash
# Hostile peers: each is started on 127.0.0.1 and `certcheck connect
# --timeout 2` must end within 3 s (--timeout + 1) with exit 3 and a
# message that names the endpoint and the stage, or with 0/1 where a chain
# was obtained.  The peers: a listener that stays silent, one that sends a
# byte a second, one that closes after reading the ClientHello, a plain HTTP
# server, one that sends garbage after a ServerHello (hostile-peer.py), and
# openssl s_server presenting 300 certificates, a 1 MiB certificate, and
# demanding a client certificate then aborting.
#
# Needs `certcheck connect` (issue 3); skipped (exit 77) without it.
. "$TESTS_DIR/cli/lib.sh"

if ! "$CERTCHECK" connect --help >/dev/null 2>&1; then
	echo "certcheck connect is not built: skipped"
	exit 77
fi

TIMEOUT=2
PEER=$TESTS_DIR/cli/hostile-peer.py

# python_peer MODE: start hostile-peer.py MODE; sets PORT.
python_peer() {
	bg python3 "$PEER" "$1" >"$T/port.$1"
	local i
	for i in $(seq 1 100); do
		[ -s "$T/port.$1" ] && break
		sleep 0.1
	done
	PORT=$(cat "$T/port.$1")
	[ -n "$PORT" ] || fail "hostile-peer.py $1 did not start"
}

# connect_peer WHAT ALLOWED [ARGS...]: certcheck connect --timeout 2 ARGS
# 127.0.0.1:$PORT; the exit status must be one of ALLOWED ("3", "0 1 3").
connect_peer() {
	local what=$1 allowed=$2 start end elapsed_ms
	shift 2
	start=$(date +%s%N)
	set +e
	timeout 30 "$CERTCHECK" connect --timeout "$TIMEOUT" "$@" "127.0.0.1:$PORT" >"$T/out" 2>"$T/err"
	STATUS=$?
	set -e
	end=$(date +%s%N)
	elapsed_ms=$(((end - start) / 1000000))
	[ "$elapsed_ms" -le $(((TIMEOUT + 1) * 1000)) ] ||
		fail "$what: took $elapsed_ms ms, more than --timeout $TIMEOUT + 1 s"
	[[ " $allowed " == *" $STATUS "* ]] || fail "$what: exit $STATUS, expected one of: $allowed"
	if [ "$STATUS" -eq 3 ]; then
		# "certcheck: WHERE: WHAT", WHERE naming the endpoint, WHAT the stage.
		grep -q "^certcheck: .*127\.0\.0\.1:$PORT" "$T/err" || fail "$what: the message does not name 127.0.0.1:$PORT"
		grep -qiE "${STAGE:-connect|handshake|hello|certificate|tls|closed|time|alert|record|read|receiv|send}" "$T/err" ||
			fail "$what: the message names no stage${STAGE:+ ($STAGE)}"
		[ ! -s "$T/out" ] || ! grep -q "BEGIN CERTIFICATE" "$T/out" || fail "$what: exit 3 but a certificate printed"
	fi
	ok "$what: exit $STATUS in $elapsed_ms ms"
}

python_peer silent
STAGE="timed out|timeout" connect_peer "accepts and stays silent" 3

python_peer drip
STAGE="timed out|timeout" connect_peer "sends a byte a second" 3

python_peer close-hello
connect_peer "closes after reading the ClientHello" 3

python_peer http
connect_peer "answers in HTTP" 3

python_peer garbage
connect_peer "sends garbage after its ServerHello" 3

# openssl s_server peers: small EC certificates, so that 300 fit in the
# 128 KiB a TLS stack accepts for the Certificate message.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=hostile.test \
	-days 2 -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
cert=$(<"$T/cert.pem")
for _ in $(seq 299); do printf '%s\n' "$cert"; done >"$T/chain-299.pem"
PORT=$(free_port)
s_server "$PORT" -cert "$T/cert.pem" -key "$T/key.pem" -cert_chain "$T/chain-299.pem"
connect_peer "presents 300 certificates" "0 1 3" --pem
if [ "$STATUS" -ne 3 ]; then
	[ "$(grep -c -- '-----BEGIN CERTIFICATE-----' "$T/out")" -eq 300 ] ||
		fail "300 certificates: --pem printed $(grep -c -- '-----BEGIN CERTIFICATE-----' "$T/out")"
fi

# A certificate of 1 MiB (an extension of 1 MiB of zeros).
{
	printf '[req]\ndistinguished_name = dn\nx509_extensions = ext\nprompt = no\n'
	printf '[dn]\nCN = huge.hostile.test\n[ext]\n1.2.3.4.5 = DER:04830FFFF0'
	head -c $((0xFFFF0)) /dev/zero | od -An -v -tx1 | tr -d ' \n'
	printf '\n'
} >"$T/huge.cnf"
openssl req -x509 -new -config "$T/huge.cnf" -key "$T/key.pem" -days 2 -out "$T/huge.pem"
[ "$(openssl x509 -in "$T/huge.pem" -outform DER | wc -c)" -gt $((1 << 20)) ] || fail "the huge certificate is not 1 MiB"
PORT=$(free_port)
s_server "$PORT" -cert "$T/huge.pem" -key "$T/key.pem"
connect_peer "presents a 1 MiB certificate" "0 1 3"

# Demands a client certificate, then aborts the handshake without one: the
# chain came before, so it is obtained.
PORT=$(free_port)
s_server "$PORT" -Verify 1 -CAfile "$FIXTURES/mtls/ca.crt" \
	-cert "$FIXTURES/gateway/server.crt" -key "$FIXTURES/gateway/server.key"
connect_peer "demands a client certificate, then aborts" "0 1"
