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

# --sni-probe: the three questions of gateway troubleshooting in one run.
# Through haproxy the route's name reaches the gateway, no SNI and the
# bogus name reach the default backend.
run connect --sni-probe --sni "$NAME" "127.0.0.1:$port"
expect_status 0
expect_out "== tls://127.0.0.1:$port (SNI probe) =="
grep -E "^  $NAME +completed +2 +CN=$NAME +$gw_leaf\$" "$T/out" >/dev/null || fail "probe: the name's row"
grep -E "^  \(none\) +completed +2 +CN=default.backend.test +$def_leaf\$" "$T/out" >/dev/null ||
	fail "probe: the no-SNI row"
grep -E "^  certcheck-probe.invalid +completed +2 +CN=default.backend.test +$def_leaf\$" "$T/out" \
	>/dev/null || fail "probe: the bogus name's row"
expect_out "the chains differ: the name $NAME gets CN=$NAME (2 certificates, leaf SHA-256 ${gw_leaf:0:16}...); no SNI and the bogus name certcheck-probe.invalid get CN=default.backend.test (2 certificates, leaf SHA-256 ${def_leaf:0:16}...)"
ok "--sni-probe through haproxy: the chains differ, side by side"

run connect --sni-probe --sni "$NAME" --format json "https://127.0.0.1:$port/"
expect_status 0
python3 - "$T/out" "$NAME" "$gw_leaf" "$def_leaf" "$(der_sha256 "$G/ca.crt")" <<'PY' || fail "probe JSON"
import json, sys
d = json.load(open(sys.argv[1]))
name, gw, default, ca = sys.argv[2:]
p = d["sni_probe"]
assert d["command"] == "connect" and "sources" not in d, d.keys()
assert p["name"] == name and p["same_chain"] is False, p
assert p["verdict"].startswith("the chains differ: the name " + name), p["verdict"]
a = p["attempts"]
assert [x["kind"] for x in a] == ["name", "none", "bogus"], a
assert [x["sni"] for x in a] == [name, None, "certcheck-probe.invalid"], a
assert [x["leaf"]["sha256"] for x in a] == [gw, default, default], a
assert a[0]["leaf"]["subject"] == "CN=" + name and a[0]["chain_sha256"] == [gw, ca], a[0]
assert [x["tls"]["handshake"]["status"] for x in a] == ["completed"] * 3
assert [x["error"] for x in a] == [None] * 3 and [x["chain"] for x in a] == [2] * 3
PY
ok "--sni-probe --format json: kinds, names, leaves and chains per attempt"

# A server that does not route by SNI: the same chain every time.
run connect --sni-probe --sni "$NAME" "127.0.0.1:$gw_port"
expect_status 0
expect_out "same chain for every name"
expect_no_out "differ"
[ "$(grep -c " $gw_leaf\$" "$T/out")" = 3 ] || fail "probe: three rows with the gateway leaf"
run connect --sni-probe --format json --sni "$NAME" "127.0.0.1:$gw_port"
json_expect 'd["sni_probe"]["same_chain"]=True' 'd["sni_probe"]["verdict"]=same chain for every name'
ok "--sni-probe against one backend: same chain for every name"

# openssl s_server's own SNI switch: -servername NAME picks -cert2 for NAME.
sw_port=$(free_port)
s_server "$sw_port" -cert "$G/backend-default.crt" -key "$G/backend-default.key" \
	-servername "$NAME" -cert2 "$G/server.crt" -key2 "$G/server.key"
run connect --sni-probe --sni "$NAME" "127.0.0.1:$sw_port"
expect_status 0
expect_out "the chains differ: the name $NAME gets CN=$NAME (1 certificate"
expect_out "no SNI and the bogus name certcheck-probe.invalid get CN=default.backend.test (1 certificate"
# openssl s_client agrees, name by name.
for sni in "$NAME" certcheck-probe.invalid; do
	openssl s_client -connect "127.0.0.1:$sw_port" -servername "$sni" </dev/null 2>/dev/null |
		openssl x509 -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1 >"$T/s_client.sha"
	grep -E "^  $sni .* $(cat "$T/s_client.sha")\$" "$T/out" >/dev/null ||
		fail "probe: s_client with $sni got $(cat "$T/s_client.sha"), not in certcheck's row"
done
ok "--sni-probe against s_server -servername/-cert2, as s_client sees each name"

# A name missing from the route table and no default backend: the attempts
# without a route get no chain, which is a difference too.
nd_port=$(free_port)
sed -e "s/bind 127.0.0.1:$port/bind 127.0.0.1:$nd_port/" -e '/default_backend fallback/d' \
	"$T/haproxy.cfg" >"$T/haproxy-nodefault.cfg"
bg haproxy -db -f "$T/haproxy-nodefault.cfg" >"$T/haproxy-nd.log" 2>&1
wait_port "$nd_port"
run connect --sni-probe --sni "$NAME" --timeout 5 "127.0.0.1:$nd_port"
expect_status 0
expect_out "the chains differ: the name $NAME gets CN=$NAME"
expect_out "; no SNI gets no chain (the peer closed the connection"
expect_out "; the bogus name certcheck-probe.invalid gets no chain ("
grep -E "^  \(none\) +peer_closed +0 +\(no chain\)" "$T/out" >/dev/null || fail "probe: the no-SNI row without chain"
run connect --sni-probe --sni nothing.example.test --timeout 5 "127.0.0.1:$nd_port"
expect_status 3 "no name gets a chain"
expect_err "no certificate obtained with any name"
expect_out "no chain with any name: the name nothing.example.test gets no chain ("
expect_out "(no chain)"
ok "--sni-probe: attempts without a chain say why; none at all is exit 3"

# Usage errors, before anything is dialled.
run connect --sni-probe "127.0.0.1:$port"
expect_status 2
expect_err "--sni-probe: 127.0.0.1 is an address; give the name to probe with --sni NAME"
for args in "--no-sni" "--pem --sni $NAME" "--save $T/probe-save --sni $NAME"; do
	# shellcheck disable=SC2086
	run connect --sni-probe $args "localhost:$port"
	expect_status 2 "--sni-probe $args"
	expect_err "--sni-probe and ${args%% *} do not go together"
	expect_empty_out
done
run connect --sni-probe --sni "$NAME" "127.0.0.1:$port" "127.0.0.1:$gw_port"
expect_status 2
expect_err "--sni-probe takes one HOST[:PORT]"
ok "--sni-probe: an IP without --sni, --no-sni, --pem, --save, several targets are usage errors"
