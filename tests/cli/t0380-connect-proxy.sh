#!/usr/bin/env bash
# --proxy http://HOST:PORT: HTTP CONNECT through tinyproxy started here on
# 127.0.0.1, then the TLS handshake with the target inside the tunnel: the
# same SNI and the same chain as without the proxy.  The proxy's refusal
# is quoted (its status line); --timeout covers the proxy leg; the target's
# name goes to the proxy, never to a local lookup.
. "$TESTS_DIR/cli/lib.sh"
. "$TESTS_DIR/cli/tinyproxy.sh"

command -v tinyproxy >/dev/null || { echo "ok - # SKIP tinyproxy is not installed (scripts/deps installs it)"; exit 0; }

G=$FIXTURES/gateway
NAME=proxy.upbound-127.0.0.1.nip.io
tls_port=$(free_port)
s_server "$tls_port" -cert "$G/backend-default.crt" -key "$G/backend-default.key" \
	-servername "$NAME" -cert2 "$G/server.crt" -key2 "$G/server.key"
gw_leaf=$(der_sha256 "$G/server.crt")
def_leaf=$(der_sha256 "$G/backend-default.crt")

# Only the TLS port may be tunnelled to: anything else is refused with 403.
start_tinyproxy "ConnectPort $tls_port" "LogLevel Connect"
PROXY=http://127.0.0.1:$pport

run connect --proxy "$PROXY" --sni "$NAME" "127.0.0.1:$tls_port"
expect_status 0
expect_out "Address:            127.0.0.1:$pport"
expect_out "Proxy:              $PROXY (tunnel to 127.0.0.1:$tls_port)"
expect_out "SNI sent:           $NAME"
expect_out "Handshake:          completed"
expect_out "SHA-256:            $gw_leaf"
grep -q "CONNECT 127.0.0.1:$tls_port HTTP/1.1" "$T/tinyproxy.log" || fail "tinyproxy logged no CONNECT"
ok "connect --proxy: CONNECT through tinyproxy, then the handshake with the SNI sent"

# The same chains as without the proxy, name by name.
for sni in "--sni $NAME" "--no-sni"; do
	# shellcheck disable=SC2086
	run connect --pem $sni "127.0.0.1:$tls_port"
	cp "$T/out" "$T/direct.pem"
	# shellcheck disable=SC2086
	run connect --pem --proxy "$PROXY" $sni "127.0.0.1:$tls_port"
	expect_status 0
	cmp -s "$T/out" "$T/direct.pem" || fail "$sni: the chain through the proxy is not the direct one"
done
run connect --format json --proxy "$PROXY/" "localhost:$tls_port"
expect_status 0
json_expect "tls[\"proxy\"]=$PROXY/" "tls[\"address\"]=127.0.0.1:$pport" 'tls["sni"]=localhost' \
	'src["entries"][0]["certificates"][0]["sha256"]='"$def_leaf"
# The target's name went to the proxy as it was given: the proxy resolves it.
grep -q "CONNECT localhost:$tls_port HTTP/1.1" "$T/tinyproxy.log" || fail "the target's name did not go to the proxy"
ok "through the proxy: the same chain as direct for each SNI; the proxy resolves the target's name"

# Every command takes --proxy.
run show --proxy "$PROXY" --sni "$NAME" --format json "https://127.0.0.1:$tls_port/"
expect_status 0
json_expect 'src["entries"][0]["certificates"][0]["sha256"]='"$gw_leaf" "tls[\"proxy\"]=$PROXY"
run verify --proxy "$PROXY" --sni "$NAME" --root "$G/ca.crt" --host "$NAME" "tls://127.0.0.1:$tls_port"
expect_status 0 "verify through the proxy"
run check --proxy "$PROXY" --sni "$NAME" --expect-root "$G/ca.crt" "tls://127.0.0.1:$tls_port"
expect_status 0 "check through the proxy"
run connect --sni-probe --proxy "$PROXY" --sni "$NAME" "127.0.0.1:$tls_port"
expect_status 0
expect_out "the chains differ: the name $NAME gets CN=$NAME"
ok "show, verify, check and connect --sni-probe go through --proxy"

# The proxy says no: its status line is quoted, exit 3.
other=$(free_port)
run connect --proxy "$PROXY" "127.0.0.1:$other"
expect_status 3
expect_out "Handshake:          the proxy refused CONNECT: 'HTTP/1.1 403 Access violation'"
expect_out "Ended at stage:     proxy"
expect_err "certcheck: tls://127.0.0.1:$other: no certificate obtained: the proxy refused CONNECT: 'HTTP/1.1 403 Access violation'"
run connect --format json --proxy "$PROXY" "127.0.0.1:$other"
expect_status 3
json_expect 'tls["handshake"]["status"]=proxy_refused' 'tls["handshake"]["stage"]=proxy' \
	"tls[\"handshake\"][\"message\"]=the proxy refused CONNECT: 'HTTP/1.1 403 Access violation'"
ok "a refusal by the proxy: its status line quoted, status proxy_refused, exit 3"

# A proxy that accepts the connection and never answers: --timeout covers it.
silent=$(free_port)
silent_server "$silent"
start=$(date +%s%N)
run connect --timeout 1 --proxy "http://127.0.0.1:$silent" "127.0.0.1:$tls_port"
elapsed=$((($(date +%s%N) - start) / 1000000))
expect_status 3
expect_out "timed out after 1 s at stage proxy (the proxy did not answer CONNECT)"
[ "$elapsed" -lt 3000 ] || fail "--timeout 1 took ${elapsed} ms through a silent proxy"
ok "a silent proxy: --timeout 1 ends the attempt at stage proxy ($elapsed ms)"

# A proxy that closes at once, and no proxy at all.
closer=$(free_port)
bg python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
while True:
    c, _ = s.accept(); c.recv(1024); c.close()' "$closer"
wait_port "$closer"
run connect --timeout 3 --proxy "http://127.0.0.1:$closer" "127.0.0.1:$tls_port"
expect_status 3
expect_out "the proxy closed the connection without answering CONNECT"
dead=$(free_port)
run connect --timeout 3 --proxy "http://127.0.0.1:$dead" "127.0.0.1:$tls_port"
expect_status 3
expect_err "connection refused: nothing listens on the proxy 127.0.0.1:$dead"
ok "a proxy that closes, a proxy that is not there: said as such"

# --proxy values that are not an HTTP proxy's URL: usage errors, nothing dialled.
for bad in "127.0.0.1:$pport" "https://127.0.0.1:$pport" "socks5://127.0.0.1:1080" "http://" \
	"http://user:pw@127.0.0.1:$pport" "http://127.0.0.1:$pport/path" "http://127.0.0.1:99999"; do
	run connect --proxy "$bad" "127.0.0.1:$tls_port"
	expect_status 2 "--proxy $bad"
	expect_err "certcheck: --proxy"
	expect_empty_out
done
ok "--proxy takes http://HOST[:PORT] only"
