#!/usr/bin/env bash
# URL sources: https://HOST[:PORT][/PATH] reads the endpoint as tls://HOST:PORT
# does (the path is ignored, with a note); ldaps://, smtps://, imaps://,
# pop3s:// default to their ports; connect takes a URL too; IPv6 in
# brackets; schemes certcheck does not read are a usage error.
. "$TESTS_DIR/cli/lib.sh"

AT=2026-01-01T06:00:00Z
D=$FIXTURES/istio/cluster1
port=$(free_port)
cat "$D/ca-cert.pem" "$D/root-cert.pem" >"$T/served-chain.pem"
s_server "$port" -cert "$D/workload-cert.pem" -key "$D/workload-key.pem" -cert_chain "$T/served-chain.pem"
leaf=$(der_sha256 "$D/workload-cert.pem")
root=$(der_sha256 "$D/root-cert.pem")

run show --at "$AT" --format json "https://127.0.0.1:$port/healthz?full=1"
expect_status 0
json_expect 'src["source"]='"https://127.0.0.1:$port/healthz?full=1" 'src["location"]='"127.0.0.1:$port" \
	'src["format"]=tls' "tls[\"address\"]=127.0.0.1:$port" \
	'[c["sha256"] for c in src["entries"][0]["certificates"]][0]='"$leaf" \
	'[c["sha256"] for c in src["entries"][0]["certificates"]][2]='"$root" \
	'len(src["notes"])=1' '"path \x27/healthz?full" in src["notes"][0]=True'
ok "show https://HOST:PORT/PATH reads the endpoint's chain; the path is ignored with a note"

run show --at "$AT" "https://127.0.0.1:$port/"
expect_status 0
expect_out "SHA-256:            $leaf"
expect_no_out "is ignored"
ok "a bare / path is no note"

run connect --at "$AT" "https://localhost:$port/app"
expect_status 0
expect_out "== https://localhost:$port/app (connection) =="
expect_out "SNI sent:           localhost"
expect_out "SHA-256:            $leaf"
expect_out "note: the URL's path '/app' is ignored"
ok "connect https://HOST:PORT/PATH: the host is the SNI, as with HOST:PORT"

run verify --at "$AT" --root "$D/root-cert.pem" "https://127.0.0.1:$port/x"
expect_status 0 "verify reads an https:// source"
run diff "$T/served-chain.pem" "https://127.0.0.1:$port"
expect_status 1 "diff of the served intermediates against the presented chain"
run diff "tls://127.0.0.1:$port" "https://127.0.0.1:$port/"
expect_status 0 "tls:// and https:// are the same chain"
ok "verify and diff read https:// sources as tls:// ones"

# The schemes' own ports when none is given: nothing listens there on a
# test machine, and the message names the port dialled.
for s in https:443 ldaps:636 smtps:465 imaps:993 pop3s:995; do
	scheme=${s%%:*} p=${s#*:}
	if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
		echo "ok - # SKIP $scheme:// default port: something listens on 127.0.0.1:$p here"
		continue
	fi
	run connect --timeout 3 --format json "$scheme://127.0.0.1"
	expect_status 3 "$scheme://127.0.0.1"
	json_expect "tls[\"address\"]=127.0.0.1:$p" 'tls["handshake"]["status"]=connection_refused'
	run show --timeout 3 "$scheme://127.0.0.1/"
	expect_status 3
	expect_err "nothing listens on 127.0.0.1:$p"
done
ok "https://, ldaps://, smtps://, imaps://, pop3s:// dial 443, 636, 465, 993, 995 by default"

run connect --at "$AT" "LDAPS://127.0.0.1:$port"
expect_status 0 "an explicit port wins; the scheme is case-insensitive"
expect_out "SHA-256:            $leaf"
ok "ldaps://HOST:PORT dials PORT"

if python3 -c 'import socket; s = socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
	v6_port=$(free_port)
	bg openssl s_server -accept "[::1]:$v6_port" -www -quiet -cert "$D/workload-cert.pem" \
		-key "$D/workload-key.pem" </dev/null >"$T/s_server.v6.log" 2>&1
	wait_port "$v6_port" ::1
	run connect --format json "https://[::1]:$v6_port/index.html"
	expect_status 0
	json_expect "tls[\"address\"]=[::1]:$v6_port" 'tls["sni"]=None' \
		'src["entries"][0]["certificates"][0]["sha256"]='"$leaf"
	ok "https://[::1]:PORT/: IPv6 in brackets, no SNI for an address"
else
	echo "ok - # SKIP https://[::1]: this machine has no ::1"
fi

# Malformed URLs and other schemes: usage errors, nothing dialled.
for bad in "https://" "https:///x" "https://user@127.0.0.1:$port/" "https://::1/" "http://127.0.0.1:$port/" \
	"ftp://127.0.0.1/"; do
	for c in show connect; do
		run "$c" "$bad"
		expect_status 2 "$c $bad"
		expect_err "certcheck: $bad: "
		expect_empty_out
	done
done
run show "http://127.0.0.1:$port/"
expect_err "does not read http:// URLs"
ok "malformed URLs and schemes certcheck does not read are usage errors naming the URL"
