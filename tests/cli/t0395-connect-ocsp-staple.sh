#!/usr/bin/env bash
# The stapled OCSP response (status_request): openssl ocsp makes good and
# revoked responses signed by the gateway CA, and one signed by another CA;
# openssl s_server -status_file staples each.  connect shows the status,
# produced at, this/next update, responder and whether the signature
# verifies against the leaf's issuer, in text and JSON, as openssl
# s_client -status reads the same response; show's JSON has it too.
. "$TESTS_DIR/cli/lib.sh"
. "$TESTS_DIR/cli/gateway-staples.sh"

make_gateway_staples
# The response's own times, as openssl prints them, in RFC 3339.
rfc3339() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }
text=$(openssl ocsp -respin "$T/good.der" -noverify -resp_text 2>/dev/null)
produced=$(rfc3339 "$(sed -n 's/^ *Produced At: //p' <<<"$text")")
next=$(rfc3339 "$(sed -n 's/^ *Next Update: //p' <<<"$text")")

# serve NAME: s_server stapling $T/NAME.der on port $port (not in a
# subshell, so the test's cleanup stops it).
serve() {
	port=$(free_port)
	s_server "$port" -cert "$G/server.crt" -key "$G/server.key" -cert_chain "$G/ca.crt" \
		-status_file "$T/$1.der"
}
serve good
good_port=$port
for v in 1.2 1.3; do
	run connect --tls-max "$v" --tls-min "$v" "127.0.0.1:$good_port"
	expect_status 0
	expect_out "OCSP staple:        good"
	expect_out "produced at:      $produced"
	expect_out "next update:      $next"
	expect_out "responder:        CN=MyCA"
	expect_out "signature:        verified: signed by the issuer CN=MyCA"
done
# openssl s_client -status sees the same response.
openssl s_client -connect "127.0.0.1:$good_port" -status </dev/null 2>/dev/null >"$T/s_client.txt"
grep -q "Cert Status: good" "$T/s_client.txt" || fail "s_client -status does not see a good response"
run connect --format json "127.0.0.1:$good_port"
json_expect 'tls["ocsp_staple"]["status"]=good' "tls[\"ocsp_staple\"][\"produced_at\"]=$produced" \
	"tls[\"ocsp_staple\"][\"next_update\"]=$next" 'tls["ocsp_staple"]["revoked_at"]=None' \
	'tls["ocsp_staple"]["responder"]=CN=MyCA' 'tls["ocsp_staple"]["for_leaf"]=True' \
	'tls["ocsp_staple"]["verified"]=True' 'tls["ocsp_staple"]["error"]=None'
run show --format json "tls://127.0.0.1:$good_port"
json_expect 'tls["ocsp_staple"]["status"]=good' 'tls["ocsp_staple"]["verified"]=True'
run show "tls://127.0.0.1:$good_port"
expect_out "OCSP staple: good, produced at $produced; verified: signed by the issuer CN=MyCA"
ok "a good staple, TLS 1.2 and 1.3: status, times and responder as openssl made them, verified against the issuer"

serve revoked
revoked_port=$port
run connect "127.0.0.1:$revoked_port"
expect_status 0 "connect reports a revoked staple; it does not judge"
expect_out "OCSP staple:        revoked"
expect_out "revoked at:       2026-03-01T12:00:00Z"
expect_out "signature:        verified: signed by the issuer CN=MyCA"
openssl s_client -connect "127.0.0.1:$revoked_port" -status </dev/null 2>/dev/null | grep -q "Cert Status: revoked" ||
	fail "s_client -status does not see a revoked response"
run connect --format json "127.0.0.1:$revoked_port"
json_expect 'tls["ocsp_staple"]["status"]=revoked' 'tls["ocsp_staple"]["revoked_at"]=2026-03-01T12:00:00Z' \
	'tls["ocsp_staple"]["reason"]=superseded'
ok "a revoked staple: status, revocation time and reason"

serve other
other_port=$port
run connect --format json "127.0.0.1:$other_port"
expect_status 0
json_expect 'tls["ocsp_staple"]["status"]=good' 'tls["ocsp_staple"]["verified"]=False' \
	'tls["ocsp_staple"]["responder"]=CN=Default Backend CA' \
	'tls["ocsp_staple"]["verification"]=not verified: the responder certificate is not signed by the issuer'
run connect "127.0.0.1:$other_port"
expect_out "signature:        not verified: the responder certificate is not signed by the issuer"
ok "a staple signed by another CA is not verified, and says why"

# Only the leaf is sent: there is no issuer to verify against.
alone=$(free_port)
s_server "$alone" -cert "$G/server.crt" -key "$G/server.key" -status_file "$T/good.der"
run connect --format json "127.0.0.1:$alone"
json_expect 'tls["ocsp_staple"]["verified"]=False' \
	'tls["ocsp_staple"]["verification"]=not verified: the chain has no issuer of the leaf'
ok "no issuer in the chain: not verified, said so"

plain=$(free_port)
s_server "$plain" -cert "$G/server.crt" -key "$G/server.key" -cert_chain "$G/ca.crt"
run connect "127.0.0.1:$plain"
expect_out "OCSP staple:        none"
run show "tls://127.0.0.1:$plain"
expect_no_out "OCSP"
run connect --format json "127.0.0.1:$plain"
json_expect 'tls["ocsp_staple"]=None'
ok "no staple: none, null in JSON"
