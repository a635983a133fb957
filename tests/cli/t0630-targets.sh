#!/usr/bin/env bash
# --targets FILE (one SOURCE a line, # comments and blank lines ignored,
# repeatable, "-" for stdin) combined with positional SOURCEs in the order
# given, and -j N parsed strictly, for show, check, roots and connect.
. "$TESTS_DIR/cli/lib.sh"

I=$FIXTURES/istio
AT=2026-01-01T06:00:00Z
a=$I/cluster1/workload-chain.pem
b=$I/cluster2/workload-chain.pem
c=$FIXTURES/istio-rogue/cluster3/workload-chain.pem
printf '# gateways of the mesh\n\n%s\n   \n  %s  \n\t# indented comment\n\n' "$a" "$b" >"$T/t1"
printf '%s\n' "$c" >"$T/t2"

headings() { grep -E '^[^ ]' "$T/out" | grep -v ' passed, '; }
run check --at "$AT" --expect-root "$I/root-cert.pem" --targets "$T/t1"
expect_status 0
[ "$(headings)" = "$(printf '%s\n' "$a" "$b")" ] || fail "targets with comments and blanks: $(headings)"
[ "$(tail -1 "$T/out")" = "4 passed, 0 failed" ] || fail "two sources checked"
ok "--targets: comments, blank and blank-only lines ignored, surrounding blanks trimmed"

# A '#' after blank space starts a trailing comment; one inside a SOURCE
# selects an entry.
"$FIXTURES/dumps/gen.sh" "$T/dumps" >/dev/null
dump=$T/dumps/cluster1-secret.json
{
	printf '%s  # cluster 1\n' "$a"
	printf '%s\t# cluster 2, after a tab\n' "$b"
	printf '%s#ROOTCA # the root of the dump\n' "$dump"
} >"$T/t3"
run show --format json --at "$AT" --targets "$T/t3"
expect_status 0
[ "$(json_get '[s["source"] for s in d["sources"]]')" = "['$a', '$b', '$dump#ROOTCA']" ] ||
	fail "trailing comments: $(json_get '[s["source"] for s in d["sources"]]')"
[ "$(json_get '[e["name"] for e in d["sources"][2]["entries"]]')" = "['ROOTCA']" ] ||
	fail "#ROOTCA did not select: $(json_get '[e["name"] for e in d["sources"][2]["entries"]]')"
ok "--targets: '#' after blank space starts a comment; SOURCE#NAME still selects"

run check --at "$AT" --expect-root "$I/root-cert.pem" "$c" --targets "$T/t1" "$a" --targets "$T/t2" -j 1
expect_status 1
[ "$(headings)" = "$(printf '%s\n' "$c" "$a" "$b" "$a" "$c")" ] || fail "order: $(headings)"
run_stdin "$T/t1" check --at "$AT" --expect-root "$I/root-cert.pem" --targets - "$c"
expect_status 1
[ "$(headings)" = "$(printf '%s\n' "$a" "$b" "$c")" ] || fail "--targets -: $(headings)"
ok "--targets repeated and mixed with SOURCEs: the order given; --targets - reads stdin"

run show --format json --at "$AT" --targets "$T/t1" "$c" -j 2
expect_status 0
[ "$(json_get '[s["source"] for s in d["sources"]]')" = "['$a', '$b', '$c']" ] || fail "show: $(json_get '[s["source"] for s in d["sources"]]')"
run roots --format json --targets "$T/t2" --targets "$T/t1"
expect_status 1
[ "$(json_get '[s["source"] for s in d["sources"]]')" = "['$c', '$a', '$b']" ] || fail "roots order"
ok "show and roots take --targets and -j, in order"

port=$(free_port)
s_server "$port" -cert "$I/cluster1/workload-cert.pem" -key "$I/cluster1/workload-key.pem"
printf '# endpoints\n127.0.0.1:%s\n\ntls://127.0.0.1:%s\n' "$port" "$port" >"$T/hosts"
run connect --format json --at "$AT" --targets "$T/hosts"
expect_status 0
[ "$(json_get 'len(d["sources"])')" = 2 ] || fail "connect: two endpoints"
[ "$(json_get '[s["tls"]["address"] for s in d["sources"]]')" = "['127.0.0.1:$port', '127.0.0.1:$port']" ] || fail "connect addresses"
dead=$(free_port)
run connect --timeout 2 --format json --at "$AT" "127.0.0.1:$dead" --targets "$T/hosts"
expect_status 1
[ "$(json_get '[s["error"] is None for s in d["sources"]]')" = "[False, True, True]" ] || fail "connect: the dead endpoint is an error in its place"
expect_err "127.0.0.1:$dead"
ok "connect: several HOST[:PORT] and --targets; one unreachable is an error in its place, exit 1"

# Usage errors: exit 2 naming the option or the file.
printf '# nothing here\n\n' >"$T/empty"
run check --expect-root "$I/root-cert.pem" --targets "$T/empty"
expect_status 2
expect_err "$T/empty"
run check --expect-root "$I/root-cert.pem" --targets "$T/none"
expect_status 2
expect_err "$T/none"
for j in 0 -1 257 1x "" " 2" 08x 99999999999999999999; do
	run check --expect-root "$I/root-cert.pem" -j "$j" "$a"
	expect_status 2 "-j '$j'"
	expect_err "--jobs"
done
run show -j 256 --jobs 3 "$a"
expect_status 0
ok "--targets without a SOURCE or missing, -j out of 1..256: exit 2 naming them"
