#!/usr/bin/env bash
# check --format junit (and roots --format junit) from passing, failing and
# unreachable sources: valid under both schemas in $TESTDATA/junit,
# a testsuite per source named as given, classname on every testcase, a
# one-line failure message with the diff as text, an error for the peer
# that cannot be reached, the properties, and a suite for --same-root.
. "$TESTS_DIR/cli/lib.sh"

I=$FIXTURES/istio
C1=$I/cluster1
ROGUE=$FIXTURES/istio-rogue/cluster3/workload-chain.pem
AT=2026-01-01T06:00:00Z
port=$(free_port)
s_server "$port" -cert "$C1/workload-cert.pem" -key "$C1/workload-key.pem" \
	-cert_chain <(cat "$C1/ca-cert.pem" "$I/root-cert.pem")
dead=$(free_port)
live=tls://127.0.0.1:$port
closed=tls://127.0.0.1:$dead

valid() {
	local f=$1 xsd
	for xsd in "$TESTDATA"/junit/*.xsd; do
		xmllint --noout --schema "$xsd" "$f" 2>"$T/xmllint" || fail "$f not valid under $(basename "$xsd"): $(cat "$T/xmllint")"
	done
}
# xp EXPR: an XPath value of the report in $T/out.
xp() {
	xmllint --xpath "$1" "$T/out"
}

run check --format junit --at "$AT" --timeout 3 --sni proxy.example --expect-root "$I/root-cert.pem" \
	--expect-san URI:spiffe://cluster.local/ns/foo/sa/httpbin --min-valid 12h --same-root \
	"$live" "$ROGUE" "$closed" "$C1/workload-chain.pem"
expect_status 1
valid "$T/out"
[ "$(xp 'count(/testsuites/testsuite)')" = 5 ] || fail "a suite per source plus same-root"
[ "$(xp 'string(/testsuites/testsuite[1]/@name)')" = "$live" ] || fail "suite 1 named as given"
[ "$(xp 'string(/testsuites/testsuite[2]/@name)')" = "$ROGUE" ] || fail "suite 2 named as given"
[ "$(xp 'string(/testsuites/testsuite[3]/@name)')" = "$closed" ] || fail "suite 3 named as given"
[ "$(xp 'string(/testsuites/testsuite[5]/@name)')" = same-root ] || fail "the same-root suite"
[ "$(xp 'count(//testcase[not(@classname) or @classname=""])')" = 0 ] || fail "a testcase without classname"
[ "$(xp 'string(/testsuites/testsuite[2]/testcase[1]/@classname)')" = "certcheck.$ROGUE" ] || fail "classname"
[ "$(xp 'string(/testsuites/testsuite[1]/@hostname)')" = "$(hostname)" ] || fail "hostname"
grep -qE 'timestamp="[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"' "$T/out" || fail "timestamp"
grep -q 'time="[0-9]*\.[0-9]\{3\}"' "$T/out" || fail "time with 3 decimals"
grep -q 'time="[0-9]*\.[0-9]\{4,\}"' "$T/out" && fail "time with more than 3 decimals"
ok "junit: valid under both schemas, a suite per source in order, classname, hostname, timestamp, time"

# Passing source: 3 cases, no failure; its properties say what was checked.
s1='/testsuites/testsuite[1]'
[ "$(xp "concat($s1/@tests,',',$s1/@failures,',',$s1/@errors)")" = "4,0,0" ] || fail "passing suite counts"
prop() { xp "string($1/properties/property[@name='$2'][${3:-1}]/@value)"; }
[ "$(prop "$s1" source)" = "$live" ] || fail "property source"
[ "$(prop "$s1" sni)" = proxy.example ] || fail "property sni"
[ "$(prop "$s1" root-sha256)" = "$(der_sha256 "$I/root-cert.pem")" ] || fail "property root-sha256 (openssl's)"
[ "$(prop "$s1" expect-root)" = "$I/root-cert.pem" ] || fail "property expect-root"
[ "$(prop "$s1" expect-san)" = URI:spiffe://cluster.local/ns/foo/sa/httpbin ] || fail "property expect-san"
[ "$(prop "$s1" min-valid)" = 12h ] || fail "property min-valid"
[ "$(xp "count($s1/properties/property[@name='sni'])")" = 1 ] || fail "sni once"
[ "$(xp "count(/testsuites/testsuite[4]/properties/property[@name='sni'])")" = 0 ] || fail "no sni for a file"
ok "junit: properties: source, sni, root-sha256 (as openssl computes it), each expectation"

# Failing source: a failure with a one-line message and the diff as text.
s2='/testsuites/testsuite[2]'
[ "$(xp "concat($s2/@tests,',',$s2/@failures,',',$s2/@errors)")" = "4,4,0" ] || fail "failing suite counts"
msg=$(xp "string($s2/testcase[@name='expect-root']/failure/@message)")
[ -n "$msg" ] && [ "$(printf '%s' "$msg" | wc -l)" -eq 0 ] || fail "failure message: one line: $msg"
grep -qF "same subject, different key" <<<"$msg" || fail "failure message says why"
text=$(xp "string($s2/testcase[@name='expect-root']/failure)")
grep -qF "SHA-256 fingerprint:" <<<"$text" || fail "failure text: the diff"
grep -qF "$(der_sha256 "$(dirname "$ROGUE")/root-cert.pem")" <<<"$text" || fail "failure text: the rogue root's SHA-256"
# Its chain does not validate to the expected root: no root to name.
[ "$(xp "count($s2/properties/property[@name='root-sha256'])")" = 0 ] || fail "no root-sha256 for a chain that does not validate"
ok "junit: failure with a one-line message and the diff as text"

# Unreachable source: one error, no root property.
s3='/testsuites/testsuite[3]'
[ "$(xp "concat($s3/@tests,',',$s3/@failures,',',$s3/@errors)")" = "1,0,1" ] || fail "error suite counts"
emsg=$(xp "string($s3/testcase/error/@message)")
grep -qF "127.0.0.1:$dead" <<<"$emsg" || fail "error message names the endpoint: $emsg"
[ "$(xp "count($s3/properties/property[@name='root-sha256'])")" = 0 ] || fail "no root for an error"
# --same-root: its own suite, failed (the rogue source differs).
[ "$(xp 'string(/testsuites/testsuite[5]/testcase/@name)')" = same-root ] || fail "same-root case"
[ "$(xp 'count(/testsuites/testsuite[5]/testcase/failure)')" = 1 ] || fail "same-root fails"
ok "junit: error for the unreachable peer; --same-root in a suite of its own"

# Everything passes: no failure, no error, still valid.
run check --format junit --at "$AT" --expect-root "$I/root-cert.pem" "$live" "$C1/workload-chain.pem"
expect_status 0
valid "$T/out"
[ "$(xp 'count(//failure|//error)')" = 0 ] || fail "no failure when all pass"
[ "$(xp 'count(//testcase)')" = 4 ] || fail "two cases each (valid-path, expect-root)"
ok "junit: all passing"

# roots --format junit: a suite per source, one same-root case each.
run roots --format junit --at "$AT" --timeout 3 "$live" "$ROGUE" "$closed"
expect_status 1
valid "$T/out"
[ "$(xp 'count(/testsuites/testsuite)')" = 3 ] || fail "roots: a suite per source"
[ "$(xp 'count(//testcase[@classname=""])')" = 0 ] || fail "roots: classname"
[ "$(xp 'count(/testsuites/testsuite[1]/testcase/failure)')" = 1 ] || fail "roots: differ is a failure"
[ "$(xp 'count(/testsuites/testsuite[3]/testcase/error)')" = 1 ] || fail "roots: unreachable is an error"
[ "$(prop /testsuites/testsuite[2] root-sha256)" = "$(der_sha256 "$(dirname "$ROGUE")/root-cert.pem")" ] || fail "roots: root-sha256"
msg=$(xp 'string(/testsuites/testsuite[1]/testcase/failure/@message)')
[ "$(printf '%s' "$msg" | wc -l)" -eq 0 ] || fail "roots: one-line message"
run roots --format junit --at "$AT" "$live" "$C1/workload-chain.pem"
expect_status 0
valid "$T/out"
[ "$(xp 'count(//failure|//error)')" = 0 ] || fail "roots: shared root passes"
ok "roots --format junit: valid, a suite per source, failure when roots differ, error when unreachable"

# libxml2 is opened only for --format junit: without it (an empty file
# bind-mounted over the library in a private mount namespace), JUnit is a
# usage error that names the library, writes no report and no -o file,
# while every other format still works.
if hide_library libxml2.so.2; then
	without_library check --format junit -o "$T/report.xml" --at "$AT" --expect-root "$I/root-cert.pem" \
		"$C1/workload-chain.pem"
	expect_status 2
	grep -q '^certcheck: --format junit: cannot load libxml2.so.2 (JUnit output needs the libxml2 package): ' "$T/err" ||
		fail "the missing library is named"
	[ ! -s "$T/out" ] && [ ! -e "$T/report.xml" ] || fail "no report without libxml2"
	without_library roots --format junit "$C1/workload-chain.pem"
	expect_status 2
	without_library check --format json --at "$AT" --expect-root "$I/root-cert.pem" "$C1/workload-chain.pem"
	expect_status 0
	jq -e '.passed == 2' "$T/out" >/dev/null || fail "json without libxml2"
	ok "without libxml2: --format junit is exit 2 naming the library, other formats work"
else
	echo "ok - # SKIP without libxml2: libxml2.so.2 not in ldconfig's cache, or no private mount namespace to bind-mount in (unshare -m)"
fi
