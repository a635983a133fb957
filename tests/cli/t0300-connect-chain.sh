#!/usr/bin/env bash
# connect against openssl s_server presenting the Istio workload chain
# (leaf, intermediate, root): all three captured in order, DER-equal to the
# served files; --pem | split - round trip; --save; JSON "tls" facts; the
# same capture through a tls:// source in show.
. "$TESTS_DIR/cli/lib.sh"

AT=2026-01-01T06:00:00Z
D=$FIXTURES/istio/cluster1
port=$(free_port)
cat "$D/ca-cert.pem" "$D/root-cert.pem" >"$T/served-chain.pem"
s_server "$port" -cert "$D/workload-cert.pem" -key "$D/workload-key.pem" -cert_chain "$T/served-chain.pem"

# The three served files, as openssl sees them.
want=("$(der_sha256 "$D/workload-cert.pem")" "$(der_sha256 "$D/ca-cert.pem")" "$(der_sha256 "$D/root-cert.pem")")

run connect --at "$AT" "127.0.0.1:$port"
expect_status 0
expect_out "== tls://127.0.0.1:$port (connection) =="
expect_out "Handshake:          completed"
expect_out "SNI sent:           (none)"
expect_out "(chain, 3 certificates)"
expect_out "Certificate 1 of 3: leaf"
expect_out "URI:spiffe://cluster.local/ns/foo/sa/httpbin"
expect_out "Certificate 3 of 3: self-signed root"
expect_out "presented in order"
for i in 0 1 2; do
	grep -qF "SHA-256:            ${want[$i]}" "$T/out" || fail "certificate $((i + 1)) is not the served one"
done
# Order: the fingerprints appear leaf, intermediate, root.
got=$(grep -F 'SHA-256:' "$T/out" | awk '{print $2}' | xargs)
[ "$got" = "${want[*]}" ] || fail "order: got $got, want ${want[*]}"
ok "connect: leaf, intermediate and root captured in order, equal to the served files"

run connect --format json --at "$AT" "127.0.0.1:$port"
expect_status 0
json_expect 'd["command"]=connect' \
	'" ".join(c["sha256"] for c in src["entries"][0]["certificates"])='"${want[*]}" \
	'src["format"]=tls' 'src["error"]=None' \
	'tls["handshake"]["status"]=completed' 'tls["handshake"]["stage"]=handshake' \
	'tls["protocol"]=TLS1.3' 'tls["cipher"].startswith("TLS_")=True' \
	'tls["sni"]=None' 'tls["address"]='"127.0.0.1:$port" \
	'tls["client_cert_requested"]=False' 'tls["client_cert_sent"]=False' 'tls["accepted_cas"]=[]'
ok "connect --format json: the certificates and the tls facts"

# TLS 1.2 when asked.
run connect --tls-max 1.2 --format json "127.0.0.1:$port"
expect_status 0
json_expect 'tls["protocol"]=TLS1.2'
run connect --priority NORMAL:-VERS-ALL:+VERS-TLS1.2 --format json "127.0.0.1:$port"
expect_status 0
json_expect 'tls["protocol"]=TLS1.2'
ok "--tls-max and --priority choose the protocol version"

# --pem | split - : only PEM on stdout, the files equal the served ones.
set +e
"$CERTCHECK" connect --pem "127.0.0.1:$port" 2>"$T/err" >"$T/pem"
STATUS=$?
set -e
expect_status 0
[ "$(grep -c -- '-----BEGIN CERTIFICATE-----' "$T/pem")" -eq 3 ] || fail "--pem: not 3 certificates"
[ "$(grep -vc -- '^[A-Za-z0-9+/=]*$\|^-----' "$T/pem" || true)" -eq 0 ] || fail "--pem printed something else than PEM"
mkdir "$T/split"
"$CERTCHECK" connect --pem "127.0.0.1:$port" | "$CERTCHECK" split -d "$T/split" --prefix proxy-cert - >"$T/out"
for i in 1 2 3; do
	[ "$(der_sha256 "$T/split/proxy-cert-$i.pem")" = "${want[$((i - 1))]}" ] || fail "split file $i differs"
done
ok "connect --pem | split - writes the served chain"

# --save DIR: the files, and their paths printed.
run connect --save "$T/saved" "127.0.0.1:$port"
expect_status 0
expect_out "Handshake:          completed"
for i in 1 2 3; do
	expect_out "$T/saved/cert-$i.pem"
	[ "$(der_sha256 "$T/saved/cert-$i.pem")" = "${want[$((i - 1))]}" ] || fail "--save: file $i differs"
done
expect_no_out "Certificate 1 of 3"
# Existing files are not replaced.
run connect --save "$T/saved" "127.0.0.1:$port"
expect_status 2
expect_err "exists already"
run connect --save "$T/saved-json" --format json "127.0.0.1:$port"
expect_status 0
json_expect 'len(src["saved"])=3'
[ -f "$T/saved-json/cert-3.pem" ] || fail "--save with JSON wrote no file"
ok "connect --save DIR writes the chain"

# tls:// sources in other commands go through the same capture.
run show --format json --at "$AT" "tls://127.0.0.1:$port"
expect_status 0
json_expect '" ".join(c["sha256"] for c in src["entries"][0]["certificates"])='"${want[*]}" \
	'tls["handshake"]["status"]=completed'
mkdir "$T/split2"
run split -d "$T/split2" "tls://127.0.0.1:$port"
expect_status 0
[ "$(der_sha256 "$T/split2/cert-2.pem")" = "${want[1]}" ] || fail "split tls:// differs"
ok "show and split read tls:// sources"

# Usage errors: exit 2, nothing dialled.
for args in "127.0.0.1:0" "127.0.0.1:99999" "127.0.0.1:https" "[::1" "[nothost]:443" "::1:443:x" \
	"--sni a --no-sni 127.0.0.1" "--cert $FIXTURES/mtls/client.crt 127.0.0.1" \
	"--tls-min 1.3 --tls-max 1.2 127.0.0.1" "--tls-min 1.4 127.0.0.1" "--timeout 0 127.0.0.1" \
	"--priority NORMAL --tls-max 1.2 127.0.0.1" "--pem --format json 127.0.0.1" "--alpn ,h2 127.0.0.1" \
	"--priority NOT-A-PRIORITY 127.0.0.1:$port" "" "--save $T/x a b" "-j 0 a" "--jobs 1x a" "--jobs 257 a"; do
	# shellcheck disable=SC2086
	run connect $args
	expect_status 2 "connect $args"
	[ -s "$T/err" ] || fail "connect $args: no message"
done
run connect --cert "$T/nonexistent.pem" --key "$T/nonexistent.key" "127.0.0.1:$port"
expect_status 2
expect_err "$T/nonexistent.pem"
ok "usage errors exit 2 with a message"
