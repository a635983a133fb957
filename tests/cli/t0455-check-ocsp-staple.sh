#!/usr/bin/env bash
# check --require-ocsp-staple: openssl ocsp makes good, revoked and
# foreign-signed responses for the gateway fixture's leaf, openssl s_server
# -status_file staples each; a server stapling nothing fails, and a file
# source is an error.  Responses carry the time they are made, so the runs
# check now, except where --at is what is tested.
. "$TESTS_DIR/cli/lib.sh"
. "$TESTS_DIR/cli/gateway-staples.sh"

make_gateway_staples
next=$(date -u -d "$(openssl ocsp -respin "$T/good.der" -noverify -resp_text 2>/dev/null |
	sed -n 's/^ *Next Update: //p')" +%Y-%m-%dT%H:%M:%SZ)

# serve NAME [ARGS]: s_server stapling $T/NAME.der (none for "none") on $port.
serve() {
	port=$(free_port)
	local staple=()
	[ "$1" = none ] || staple=(-status_file "$T/$1.der")
	s_server "$port" -cert "$G/server.crt" -key "$G/server.key" -cert_chain "$G/ca.crt" "${staple[@]}"
}
serve good
good=$port
run check --root "$G/ca.crt" --require-ocsp-staple "tls://127.0.0.1:$good"
expect_status 0
expect_out "PASS  require-ocsp-staple: a good stapled OCSP response, verified: signed by the issuer CN=MyCA, next update $next"
openssl s_client -connect "127.0.0.1:$good" -status </dev/null 2>/dev/null | grep -q "Cert Status: good" ||
	fail "s_client -status does not see a good response"
run check --root "$G/ca.crt" --require-ocsp-staple --format json "tls://127.0.0.1:$good"
json_expect 'd["results"][0]["name"]=valid-path' 'd["results"][1]["name"]=require-ocsp-staple' \
	'd["results"][1]["outcome"]=pass'
ok "a good staple verified against the issuer: pass (s_client -status agrees)"

later=$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)
run check --root "$G/ca.crt" --require-ocsp-staple --at "$later" "tls://127.0.0.1:$good"
expect_status 1
expect_out "FAIL  require-ocsp-staple: the stapled OCSP response: the response is out of date at $later (next update $next)"
ok "--at after its next update: fails, out of date"

serve revoked
run check --root "$G/ca.crt" --require-ocsp-staple "tls://127.0.0.1:$port"
expect_status 1
expect_out "FAIL  require-ocsp-staple: the stapled OCSP response: revoked: serial ${serial,,}, revoked at 2026-03-01T12:00:00Z, reason superseded"
ok "a revoked staple: fails with serial, time and reason"

serve other
run check --root "$G/ca.crt" --require-ocsp-staple "tls://127.0.0.1:$port"
expect_status 1
expect_out "FAIL  require-ocsp-staple: the stapled OCSP response: the response is not verified: the responder certificate is not signed by the issuer"
ok "a staple signed by another CA: fails, not verified"

serve none
run check --root "$G/ca.crt" --require-ocsp-staple --format junit "tls://127.0.0.1:$port" "$G/server.crt"
expect_status 1
python3 - "$T/out" <<'PY' || fail "JUnit: $(cat "$T/out")"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = [c for c in root.findall(".//testcase") if c.get("name") != "valid-path"]
assert [c.get("name") for c in cases] == ["require-ocsp-staple"] * 2, cases
assert "the server stapled no OCSP response" in cases[0].find("failure").get("message")
assert "not a tls:// source" in cases[1].find("error").get("message")
props = {p.get("name"): p.get("value") for p in root.findall(".//property")}
assert props.get("require-ocsp-staple") == "true", props
PY
ok "no staple fails; a file source is an error (JUnit failure and error, the property said)"
