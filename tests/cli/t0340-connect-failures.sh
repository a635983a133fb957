#!/usr/bin/env bash
# How an attempt that yields no chain ends: a listener that never answers
# (within --timeout + 1 s, naming the stage), one that closes at once, a
# plain HTTP server (not TLS), a closed port, a listener whose accept queue
# is full (stage connect), a name that does not resolve:
# exit 3 with the words.  And IPv6 loopback works.
. "$TESTS_DIR/cli/lib.sh"

# tcp_listener PORT hold|close: accept connections on 127.0.0.1:PORT and
# hold them open without a word, or close them at once.
tcp_listener() {
	bg python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(8)
held = []
while True:
    c = s.accept()[0]
    if sys.argv[2] == "close":
        c.close()
    else:
        held.append(c)
' "$1" "$2"
	wait_port "$1"
}

# A TCP listener that accepts and never answers.
silent_port=$(free_port)
tcp_listener "$silent_port" hold

start=$(date +%s%N)
run connect --timeout 1 "127.0.0.1:$silent_port"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_status 3
[ "$elapsed_ms" -lt 2000 ] || fail "--timeout 1 took ${elapsed_ms} ms"
[ "$elapsed_ms" -ge 900 ] || fail "--timeout 1 ended after only ${elapsed_ms} ms"
expect_err "certcheck: tls://127.0.0.1:$silent_port: no certificate obtained: timed out after 1 s at stage handshake"
expect_out "Ended at stage:     handshake"
expect_out "Protocol:           (not negotiated)"
run connect --timeout 0.5 --format json "127.0.0.1:$silent_port"
expect_status 3
json_expect 'tls["handshake"]["status"]=timeout' 'tls["handshake"]["stage"]=handshake' \
	'src["entries"]=[]' 'src["error"].endswith("timed out after 0.5 s at stage handshake (the peer accepted the connection but never answered)")=True'
ok "a silent listener: timed out at stage handshake within --timeout + 1 s, exit 3 (${elapsed_ms} ms)"

# A listener that closes every connection at once (as an SNI router with
# no route does).
closing_port=$(free_port)
tcp_listener "$closing_port" close
run connect --sni route.example.test --format json "127.0.0.1:$closing_port"
expect_status 3
json_expect 'tls["handshake"]["status"]=peer_closed' 'tls["handshake"]["stage"]=handshake' \
	'tls["sni"]=route.example.test'
run connect "127.0.0.1:$closing_port"
expect_status 3
expect_err "no certificate obtained: the peer closed the connection without answering the ClientHello (no SNI was sent"
ok "a peer that closes at once: peer closed, exit 3"

# A plain HTTP server.
http_port=$(free_port)
mkdir "$T/www"
bg python3 -m http.server --bind 127.0.0.1 --directory "$T/www" "$http_port" >"$T/http.log" 2>&1
wait_port "$http_port"
run connect "127.0.0.1:$http_port"
expect_status 3
expect_err "no certificate obtained: not TLS: the peer answered"
expect_out "Handshake:          not TLS"
expect_out "Protocol:           (not negotiated)"
expect_out "Cipher suite:       (not negotiated)"
run connect --format json "127.0.0.1:$http_port"
expect_status 3
json_expect 'tls["handshake"]["status"]=not_tls' 'tls["handshake"]["stage"]=handshake' \
	'tls["protocol"]=None' 'tls["cipher"]=None'
ok "a plain HTTP server: not TLS, no protocol negotiated, exit 3"

# A TLS 1.3-only server asked for TLS 1.2 at most: a protocol_version
# alert before any ServerHello, so no version was agreed on.
v13_port=$(free_port)
s_server "$v13_port" -tls1_3 -cert "$FIXTURES/istio/cluster1/workload-cert.pem" \
	-key "$FIXTURES/istio/cluster1/workload-key.pem"
run connect --tls-max 1.2 "127.0.0.1:$v13_port"
expect_status 3
expect_out "(protocol_version)"
expect_out "Protocol:           (not negotiated)"
expect_no_out "TLS1.2"
run connect --tls-max 1.2 --format json "127.0.0.1:$v13_port"
expect_status 3
json_expect 'tls["handshake"]["status"]=alert' 'tls["handshake"]["alert"]=protocol_version' \
	'tls["protocol"]=None'
run connect --format json "127.0.0.1:$v13_port"
expect_status 0
json_expect 'tls["protocol"]=TLS1.3'
ok "a version alert: no protocol shown (text and JSON); the same server's TLS 1.3 is"

# A closed port (free_port: nothing listens there).
closed_port=$(free_port)
run connect "127.0.0.1:$closed_port"
expect_status 3
expect_err "certcheck: tls://127.0.0.1:$closed_port: no certificate obtained: connection refused"
run show "tls://127.0.0.1:$closed_port"
expect_status 3
expect_err "connection refused"
run connect --format json "127.0.0.1:$closed_port"
expect_status 3
json_expect 'tls["handshake"]["status"]=connection_refused' 'tls["handshake"]["stage"]=connect'
ok "a closed port: connection refused, exit 3 (connect and tls:// sources)"

# A listener whose accept queue is full: Linux drops further SYNs, so the
# connect itself never completes, on loopback too.
full_port=$(free_port)
bg python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(0)
fill = []
for _ in range(3):
    c = socket.socket()
    c.setblocking(False)
    try:
        c.connect(("127.0.0.1", int(sys.argv[1])))
    except BlockingIOError:
        pass
    fill.append(c)
time.sleep(0.3)
open(sys.argv[2], "w").close()
time.sleep(60)
' "$full_port" "$T/full.ready"
for _ in $(seq 1 50); do [ -e "$T/full.ready" ] && break; sleep 0.1; done
[ -e "$T/full.ready" ] || fail "the full-backlog listener did not start"
start=$(date +%s%N)
run connect --timeout 1 --format json "127.0.0.1:$full_port"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_status 3
[ "$elapsed_ms" -lt 2000 ] || fail "--timeout 1 at stage connect took ${elapsed_ms} ms"
json_expect 'tls["handshake"]["status"]=timeout' 'tls["handshake"]["stage"]=connect' \
	'src["error"].endswith("timed out after 1 s at stage connect (no answer to the connection request)")=True'
ok "a listener with a full accept queue: timed out at stage connect, exit 3 (${elapsed_ms} ms)"

run connect --timeout 2 --format json no-such-host.invalid
expect_status 3
json_expect 'tls["handshake"]["status"] in ("not_resolved", "timeout")=True' \
	'tls["handshake"]["stage"]=resolve' 'tls["sni"]=no-such-host.invalid'
ok "a name that does not resolve: exit 3 at stage resolve"

# IPv6 loopback.
if python3 -c 'import socket; s = socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
	v6_port=$(free_port)
	D=$FIXTURES/istio/cluster1
	bg openssl s_server -accept "[::1]:$v6_port" -www -quiet -cert "$D/workload-cert.pem" \
		-key "$D/workload-key.pem" </dev/null >"$T/s_server6.log" 2>&1
	wait_port "$v6_port" ::1
	run connect --format json "[::1]:$v6_port"
	expect_status 0
	json_expect "tls[\"address\"]=[::1]:$v6_port" 'tls["sni"]=None' 'tls["handshake"]["status"]=completed' \
		'src["entries"][0]["certificates"][0]["sha256"]='"$(der_sha256 "$D/workload-cert.pem")"
	run connect "[::1]:$((v6_port))" --sni localhost
	expect_status 0
	expect_out "Address:            [::1]:$v6_port"
	ok "IPv6 loopback: [::1]:PORT"
else
	echo "ok - # SKIP IPv6 loopback: this machine has no ::1"
fi
