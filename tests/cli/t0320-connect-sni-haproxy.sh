#!/usr/bin/env bash
# The gateway-troubleshooting case: haproxy in TCP mode routes by SNI (as an
# Istio gateway in TLS PASSTHROUGH does) to two openssl s_server backends.
# --sni proxy.upbound-127.0.0.1.nip.io reaches the gateway certificate; a
# wrong name and --no-sni reach the default backend's certificate, and the
# output shows which.
. "$TESTS_DIR/cli/lib.sh"

G=$FIXTURES/gateway
NAME=proxy.upbound-127.0.0.1.nip.io
gw_port=$(free_port)
s_server "$gw_port" -cert "$G/server.crt" -key "$G/server.key" -cert_chain "$G/ca.crt"
def_port=$(free_port)
s_server "$def_port" -cert "$G/backend-default.crt" -key "$G/backend-default.key" \
	-cert_chain "$G/backend-default-ca.crt"
port=$(free_port)
cat >"$T/haproxy.cfg" <<CFG
global
	maxconn 64
defaults
	mode tcp
	timeout connect 2s
	timeout client 5s
	timeout server 5s
frontend gateway
	bind 127.0.0.1:$port
	tcp-request inspect-delay 2s
	tcp-request content accept if { req.ssl_hello_type 1 }
	use_backend passthrough if { req.ssl_sni -i $NAME }
	default_backend fallback
backend passthrough
	server gw 127.0.0.1:$gw_port
backend fallback
	server def 127.0.0.1:$def_port
CFG
bg haproxy -db -f "$T/haproxy.cfg" >"$T/haproxy.log" 2>&1
wait_port "$port"

gw_leaf=$(der_sha256 "$G/server.crt")
def_leaf=$(der_sha256 "$G/backend-default.crt")

run connect --sni "$NAME" "127.0.0.1:$port"
expect_status 0
expect_out "SNI sent:           $NAME"
expect_out "Subject:            CN=$NAME"
expect_out "SHA-256:            $gw_leaf"
expect_no_out "default.backend.test"
ok "--sni $NAME reaches the gateway certificate"

run connect --sni wrong.example.test "127.0.0.1:$port"
expect_status 0
expect_out "SNI sent:           wrong.example.test"
expect_out "Subject:            CN=default.backend.test"
expect_out "SHA-256:            $def_leaf"
expect_no_out "$gw_leaf"
ok "a wrong name reaches the default backend"

run connect --no-sni "127.0.0.1:$port"
expect_status 0
expect_out "SNI sent:           (none)"
expect_out "Subject:            CN=default.backend.test"
expect_no_out "$gw_leaf"
# An IP literal is not sent as SNI by default either.
run connect --format json "127.0.0.1:$port"
expect_status 0
json_expect 'tls["sni"]=None' 'src["entries"][0]["certificates"][0]["sha256"]='"$def_leaf"
ok "--no-sni (and the IP literal default) reach the default backend"

# The same routing through a tls:// source.
run show --format json "tls://127.0.0.1:$port"
expect_status 0
json_expect 'src["entries"][0]["certificates"][0]["sha256"]='"$def_leaf"
ok "show tls:// follows the same SNI rules"

# Every command takes the CONN options: with --sni the same tls:// source
# reaches the gateway, without it the default backend.
run show --sni "$NAME" --format json "tls://127.0.0.1:$port"
expect_status 0
json_expect 'tls["sni"]='"$NAME" 'src["entries"][0]["certificates"][0]["sha256"]='"$gw_leaf"
run verify --sni "$NAME" --root "$G/ca.crt" --host "$NAME" "tls://127.0.0.1:$port"
expect_status 0 "verify with --sni"
expect_out "CN=$NAME"
run verify --root "$G/ca.crt" --host "$NAME" "tls://127.0.0.1:$port"
expect_status 1 "verify without --sni reaches the default backend"
run diff --sni "$NAME" "$G/server-chain.pem" "tls://127.0.0.1:$port"
expect_status 0 "diff with --sni: identical"
run diff "$G/server-chain.pem" "tls://127.0.0.1:$port"
expect_status 1
run split --sni "$NAME" -q -d "$T/split" "tls://127.0.0.1:$port"
expect_status 0
[ "$(der_sha256 "$T/split/cert-1.pem")" = "$gw_leaf" ] || fail "split --sni: cert-1.pem is not the gateway leaf"
[ "$(der_sha256 "$T/split/cert-2.pem")" = "$(der_sha256 "$G/ca.crt")" ] || fail "split --sni: cert-2.pem is not the CA"
ok "show, verify, diff and split take --sni: the gateway's chain, not the default backend's"

# CONN options that do not go together are a usage error (exit 2) before
# anything is dialled or read, in every command that takes them.
for c in show split connect verify diff check roots; do
	run "$c" --sni "$NAME" --no-sni "tls://127.0.0.1:$port"
	expect_status 2 "$c --sni --no-sni"
	expect_err "--sni and --no-sni do not go together"
	expect_empty_out
done
ok "--sni with --no-sni is a usage error in every command"
