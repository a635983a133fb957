#!/usr/bin/env bash
# verify --ocsp and --fetch-intermediates against real peers on 127.0.0.1: a
# PKI made here with openssl (aia-pki.sh) whose leaves name an OCSP
# responder (openssl ocsp deciding and signing, behind ocsp-responder.py,
# which binds 127.0.0.1 only as `openssl ocsp -port` cannot) and caIssuers
# URLs served by python3 -m http.server.  The responses carry the
# responder's current time, so these runs validate now (no --at) except
# where --at is what is tested.  Each verdict is compared with openssl's.
. "$TESTS_DIR/cli/lib.sh"
. "$TESTS_DIR/cli/aia-pki.sh"
. "$TESTS_DIR/cli/tinyproxy.sh"

P=$T/pki
oport=$(free_port)
hport=$(free_port)
make_aia_pki "$P" "$oport" "$hport"
good=$(cert_serial "$P/leaf-good.crt")
revoked=$(cert_serial "$P/leaf-revoked.crt")
# index.txt of openssl ca: status, expiry, revocation time[,reason], serial, file, subject.
printf 'V\t301231000000Z\t\t%s\tunknown\t/CN=good.test\n' "$good" >"$P/index.txt"
printf 'R\t301231000000Z\t260301120000Z,keyCompromise\t%s\tunknown\t/CN=revoked.test\n' "$revoked" >>"$P/index.txt"
: >"$P/http.log"
bg python3 -m http.server --bind 127.0.0.1 --directory "$P/www" "$hport" 2>"$P/http.log" >/dev/null
wait_port "$hport"
bg python3 "$TESTS_DIR/cli/ocsp-responder.py" "$oport" "$P/index.txt" "$P/inter.crt" "$P/inter.crt" "$P/inter.key"
wait_port "$oport"
ocsp_url=http://127.0.0.1:$oport/
ca=http://127.0.0.1:$hport

# --- --fetch-intermediates ---------------------------------------------------
run verify --root "$P/root.crt" "$P/leaf-good.crt"
expect_status 1 "the leaf alone does not verify"
[ ! -s "$P/http.log" ] || fail "verify fetched something without --fetch-intermediates: $(cat "$P/http.log")"
openssl verify -CAfile "$P/root.crt" "$P/leaf-good.crt" >/dev/null 2>&1 && fail "openssl verifies the leaf alone"
ok "without --fetch-intermediates: not verified and nothing contacted (as openssl verify)"

inter_sha=$(openssl x509 -in "$P/inter.crt" -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1)
for leaf in good:inter.der p7:inter.p7c pem:inter.pem; do
	path=${leaf#*:} leaf=${leaf%%:*}
	run verify --root "$P/root.crt" --fetch-intermediates "$P/leaf-$leaf.crt"
	expect_status 0 "$leaf: verified with the fetched intermediate"
	expect_out "Fetched (AIA caIssuers):"
	expect_out "  $ca/$path (caIssuers of CN=$leaf.test): 1 certificate"
	expect_out "    CN=AIA Test Intermediate  sha256 $inter_sha"
	expect_out "  2. CN=AIA Test Intermediate"
	expect_out "  3. CN=AIA Test Root  [trust anchor]"
	grep -q "\"GET /$path HTTP/1.1\" 200" "$P/http.log" || fail "$leaf: the server saw no GET /$path"
	run verify --root "$P/root.crt" --fetch-intermediates --format json "$P/leaf-$leaf.crt"
	json_expect 'd["verified"]=True' 'len(d["fetched"])=1' "d[\"fetched\"][0][\"url\"]=$ca/$path" \
		"d[\"fetched\"][0][\"for\"]=CN=$leaf.test" "d[\"fetched\"][0][\"certificates\"][0][\"sha256\"]=$inter_sha" \
		'd["fetched"][0]["error"]=None' 'd["ocsp"]=None'
done
openssl verify -CAfile "$P/root.crt" -untrusted "$P/www/inter.pem" "$P/leaf-good.crt" >/dev/null ||
	fail "openssl does not verify with the served intermediate"
ok "DER, PKCS#7 (certs-only) and PEM bodies at the caIssuers URL: fetched, said, verified (text and JSON; openssl agrees)"

run verify --root "$P/root.crt" --fetch-intermediates --format json "$P/leaf-deep.crt"
expect_status 0 "two missing intermediates, followed upward"
json_expect 'len(d["fetched"])=2' "d[\"fetched\"][0][\"url\"]=$ca/inter2.der" \
	'd["fetched"][0]["for"]=CN=deep.test' "d[\"fetched\"][1][\"url\"]=$ca/inter.der" \
	'd["fetched"][1]["for"]=CN=AIA Test Issuing CA' 'len(d["path"])=4'
ok "two missing intermediates: the leaf's caIssuers, then the fetched intermediate's"

# check --fetch-intermediates: the same fetch under check's valid-path, and
# what came serves every expectation of the source.
run check --expect-root "$P/root.crt" --min-valid 1d "$P/leaf-deep.crt"
expect_status 1 "check without --fetch-intermediates"
run check --expect-root "$P/root.crt" --min-valid 1d --fetch-intermediates "$P/leaf-deep.crt"
expect_status 0 "check --fetch-intermediates"
expect_out "PASS  valid-path: the chain validates to 'CN=AIA Test Root' (from --expect-root $P/root.crt): 4 certificates, profile clients, 0 warnings (missing intermediates fetched by AIA, see below)"
expect_out "  $ca/inter2.der (caIssuers of CN=deep.test): 1 certificate"
expect_out "PASS  expect-root: validates to the expected root 'CN=AIA Test Root' (the root is not sent)"
expect_out "PASS  min-valid 1d: "
ok "check --fetch-intermediates: valid-path says what came from where; expect-root and min-valid judge the completed path"

run verify --root "$P/root.crt" --intermediate "$P/inter.crt" --fetch-intermediates "$P/leaf-good.crt"
expect_status 0
expect_out "Fetched (AIA caIssuers): nothing (not needed: a path reaches a trust anchor)"
run verify --fetch-intermediates "$P/root.crt"
expect_out "Fetched (AIA caIssuers): nothing (no http:// caIssuers URL to follow)"
ok "nothing fetched when the path is complete, or when the top certificate names no caIssuers"

run verify --root "$P/root.crt" --fetch-intermediates "$P/leaf-missing.crt"
expect_status 1
expect_out "  $ca/missing.der (caIssuers of CN=missing.test): the server answered HTTP status 404"
expect_out "error no_path"
run verify --root "$P/root.crt" --fetch-intermediates "$P/leaf-big.crt"
expect_status 1
expect_out "  $ca/big.der (caIssuers of CN=big.test): the response is larger than 1048576 bytes"
ok "a 404 and a 2 MiB body: not verified, the URL and the reason said"

# A caIssuers server that never answers: bounded by --timeout (1 s; under 9
# s in all, valgrind's start included, is below the 10 s default).
silent=$(free_port)
silent_server "$silent"
d=$P serial=8000 LEAFNAME=slow.test CAISSUERS=http://127.0.0.1:$silent/inter.der aia_sign leaf-slow inter leaf "/CN=slow.test"
start=$SECONDS
run verify --timeout 1 --root "$P/root.crt" --fetch-intermediates "$P/leaf-slow.crt"
expect_status 1
expect_out "http://127.0.0.1:$silent/inter.der (caIssuers of CN=slow.test): "
expect_out "timed out"
[ $((SECONDS - start)) -le 9 ] || fail "a silent caIssuers server held verify for $((SECONDS - start)) s"
ok "a silent caIssuers server: given up after --timeout 1"

# --- --ocsp ------------------------------------------------------------------
# openssl_ocsp_says LEAF STATUS: openssl ocsp asks the responder about leaf-LEAF.
openssl_ocsp_says() {
	openssl ocsp -issuer "$P/inter.crt" -cert "$P/leaf-$1.crt" -url "$ocsp_url" -CAfile "$P/root.crt" \
		-verify_other "$P/inter.crt" 2>/dev/null | grep -q "leaf-$1.crt: $2" || fail "openssl ocsp does not see $2"
}
run verify --root "$P/root.crt" --intermediate "$P/inter.crt" --ocsp "$P/leaf-good.crt"
expect_status 0
expect_out "OCSP: good"
expect_out "  responder URL:     $ocsp_url"
expect_out "  status:            good"
expect_out "  signature:         verified: signed by the issuer CN=AIA Test Intermediate"
expect_out "  nonce:             matched"
openssl_ocsp_says good good
run verify --root "$P/root.crt" --intermediate "$P/inter.crt" --ocsp --format json "$P/leaf-good.crt"
json_expect 'd["ocsp"]["outcome"]=good' "d[\"ocsp\"][\"url\"]=$ocsp_url" 'd["ocsp"]["message"]=None' \
	'd["ocsp"]["nonce"]=matched' 'd["ocsp"]["response"]["status"]=good' \
	'd["ocsp"]["response"]["verified"]=True' 'd["ocsp"]["response"]["for_leaf"]=True' 'd["fetched"]=None'
ok "a good leaf: good, the responder URL said, verified, nonce matched (openssl ocsp agrees)"

run verify --root "$P/root.crt" --intermediate "$P/inter.crt" --ocsp "$P/leaf-revoked.crt"
expect_status 1 "revoked fails"
expect_out "OCSP: revoked: serial ${revoked,,}, revoked at 2026-03-01T12:00:00Z, reason keyCompromise"
expect_out "  responder URL:     $ocsp_url"
expect_out "verified"
openssl_ocsp_says revoked revoked
run verify --root "$P/root.crt" --intermediate "$P/inter.crt" --ocsp --format json "$P/leaf-revoked.crt"
json_expect 'd["verified"]=True' 'd["ocsp"]["outcome"]=revoked' \
	'd["ocsp"]["response"]["revoked_at"]=2026-03-01T12:00:00Z' 'd["ocsp"]["response"]["reason"]=keyCompromise'
ok "a revoked leaf: exit 1, serial, time and reason (openssl ocsp agrees)"

# The leaf given alone: its issuer fetched first, then the responder asked.
run verify --root "$P/root.crt" --fetch-intermediates --ocsp "$P/leaf-revoked.crt"
expect_status 1
expect_out "  $ca/inter.der (caIssuers of CN=revoked.test): 1 certificate"
expect_out "OCSP: revoked: serial"
ok "--fetch-intermediates then --ocsp on a leaf given alone"

run verify --root "$P/root.crt" --ocsp "$P/leaf-good.crt"
expect_status 1
expect_out "OCSP: no answer: no issuer of the leaf is known, so no OCSP request can be made"
expect_out "  responder URL:     $ocsp_url"
ok "no issuer: no request, said so, exit 1"

# --ocsp-url: another responder than the AIA's, with its own requests log.
other=$(free_port)
mkdir "$T/other"
cp "$P/index.txt" "$T/other/index.txt"
bg python3 "$TESTS_DIR/cli/ocsp-responder.py" "$other" "$T/other/index.txt" "$P/inter.crt" "$P/inter.crt" "$P/inter.key"
wait_port "$other"
run verify --root "$P/root.crt" --intermediate "$P/inter.crt" --ocsp-url "http://127.0.0.1:$other/" "$P/leaf-good.crt"
expect_status 0
expect_out "  responder URL:     http://127.0.0.1:$other/"
[ -s "$T/other/$other.req.der" ] || fail "the --ocsp-url responder got no request"
openssl ocsp -reqin "$T/other/$other.req.der" -req_text 2>/dev/null | grep -qi "Serial Number: ${good}" ||
	fail "the request does not name the leaf's serial"
ok "--ocsp-url: that responder is asked (its request names the leaf's serial)"

run verify --root "$P/root.crt" --ocsp-url https://127.0.0.1/ "$P/leaf-good.crt"
expect_status 2
expect_err "--ocsp-url: 'https://127.0.0.1/' is not an http:// URL"
ok "--ocsp-url https://: usage error"

# Times: the response is valid for a day from now.
later=$(date -u -d '+3 days' +%Y-%m-%dT%H:%M:%SZ)
run verify --at "$later" --root "$P/root.crt" --intermediate "$P/inter.crt" --ocsp "$P/leaf-good.crt"
expect_status 1
expect_out "OCSP: the response is out of date at $later (next update "
ok "--at after the response's next update: out of date, exit 1"

# Unreachable, silent and garbage responders.
closed=$(free_port)
run verify --root "$P/root.crt" --intermediate "$P/inter.crt" --ocsp-url "http://127.0.0.1:$closed/" "$P/leaf-good.crt"
expect_status 1
expect_out "OCSP: no answer: http://127.0.0.1:$closed/: "
expect_out "Couldn't connect to server"
start=$SECONDS
run verify --timeout 1 --root "$P/root.crt" --intermediate "$P/inter.crt" --ocsp-url "http://127.0.0.1:$silent/" \
	--format json "$P/leaf-good.crt"
expect_status 1
[ $((SECONDS - start)) -le 9 ] || fail "a silent responder held verify for $((SECONDS - start)) s"
json_expect 'd["ocsp"]["outcome"]=no-answer' "d[\"ocsp\"][\"url\"]=http://127.0.0.1:$silent/" \
	'd["ocsp"]["response"]=None' '"timed out" in d["ocsp"]["message"]=True'
garbage=$(free_port)
bg python3 "$TESTS_DIR/cli/ocsp-responder.py" "$garbage" "$P/index.txt" "$P/inter.crt" "$P/inter.crt" "$P/inter.key" garbage
wait_port "$garbage"
run verify --root "$P/root.crt" --intermediate "$P/inter.crt" --ocsp-url "http://127.0.0.1:$garbage/" "$P/leaf-good.crt"
expect_status 1
expect_out "OCSP: no answer: http://127.0.0.1:$garbage/: the OCSP response does not decode"
ok "unreachable, silent (bounded by --timeout 1) and garbage responders: no answer, the URL said, exit 1"

# A response signed by another CA does not verify.
wrong=$(free_port)
bg python3 "$TESTS_DIR/cli/ocsp-responder.py" "$wrong" "$P/index.txt" "$P/inter.crt" "$P/root.crt" "$P/root.key"
wait_port "$wrong"
run verify --root "$P/root.crt" --intermediate "$P/inter.crt" --ocsp-url "http://127.0.0.1:$wrong/" --format json \
	"$P/leaf-good.crt"
expect_status 1
json_expect 'd["ocsp"]["outcome"]=failed' 'd["ocsp"]["response"]["verified"]=False' \
	'd["ocsp"]["message"].startswith("the response is not verified")=True'
ok "a response signed by the root, not the issuer nor a delegate: failed, not verified"

# --- --proxy: both fetches go through tinyproxy, nothing direct -------------
if command -v tinyproxy >/dev/null; then
	start_tinyproxy "LogLevel Info"
	run verify --proxy "http://127.0.0.1:$pport" --root "$P/root.crt" --fetch-intermediates --ocsp \
		"$P/leaf-good.crt"
	expect_status 0
	expect_out "OCSP: good"
	grep -q "GET $ca/inter.der" "$T/tinyproxy.log" || fail "the caIssuers fetch did not go through the proxy"
	grep -q "POST $ocsp_url" "$T/tinyproxy.log" || fail "the OCSP request did not go through the proxy"
	closed=$(free_port)
	run verify --proxy "http://127.0.0.1:$closed" --root "$P/root.crt" --fetch-intermediates --ocsp \
		"$P/leaf-good.crt"
	expect_status 1
	expect_out "  $ca/inter.der (caIssuers of CN=good.test): "
	expect_out "OCSP: no answer: no issuer of the leaf is known"
	ok "--proxy: the caIssuers GET and the OCSP POST go through tinyproxy; a dead proxy is no direct fallback"
else
	echo "ok - # SKIP tinyproxy is not installed (scripts/deps installs it)"
fi

# libcurl is opened only when something is fetched: without it (an empty
# file bind-mounted over the library in a private mount namespace), the
# fetch fails naming the library and the package, and what fetches nothing
# still works.
if hide_library libcurl-gnutls.so.4; then
	without_library verify --root "$P/root.crt" --fetch-intermediates "$P/leaf-good.crt"
	expect_status 1
	expect_out "  $ca/inter.der (caIssuers of CN=good.test): cannot load libcurl-gnutls.so.4 (fetching over HTTP needs the libcurl3-gnutls package): "
	without_library verify --root "$P/root.crt" --intermediate "$P/inter.crt" "$P/leaf-good.crt"
	expect_status 0
	ok "without libcurl: a fetch fails naming the library, a verify that fetches nothing passes"
else
	echo "ok - # SKIP without libcurl: libcurl-gnutls.so.4 not in ldconfig's cache, or no private mount namespace to bind-mount in (unshare -m)"
fi
