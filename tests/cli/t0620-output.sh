#!/usr/bin/env bash
# -o FILE for every command with --format: the file holds what stdout would
# have, is written whole (temporary file, then rename) or not at all (exit 2
# or 3 leaves no file and keeps an existing one), and is never coloured.
. "$TESTS_DIR/cli/lib.sh"

I=$FIXTURES/istio
C1=$I/cluster1
AT=2026-01-01T06:00:00Z
port=$(free_port)
s_server "$port" -cert "$C1/workload-cert.pem" -key "$C1/workload-key.pem" \
	-cert_chain <(cat "$C1/ca-cert.pem" "$I/root-cert.pem")
dead=$(free_port)
mkdir "$T/d"

# Each command: -o FILE holds exactly what stdout gets, stdout stays empty.
same_as_stdout() {
	local name=$1 want=$2
	shift 2
	run "$@"
	expect_status "$want" "$name"
	cp "$T/out" "$T/stdout.$name"
	rm -f "$T/d/$name"
	run "$@" -o "$T/d/$name"
	expect_status "$want" "$name -o"
	expect_empty_out
	[ -f "$T/d/$name" ] || fail "$name: -o wrote no file"
	# JSON (diff's "at") and JUnit carry the run's time: compare without it.
	local strip='s/timestamp="[^"]*"//; s/ time="[^"]*"//; s/^  "at": ".*",$//'
	diff <(sed "$strip" "$T/stdout.$name") <(sed "$strip" "$T/d/$name") >"$T/diff" ||
		fail "$name: -o differs from stdout: $(cat "$T/diff")"
}
# Every input holds several certificates (chains), and show, check and
# roots get several SOURCEs: what a command prints once per chain, per
# pair or per source must go to FILE too.
same_as_stdout show 0 show --at "$AT" "$C1/workload-chain.pem" "$I/cluster2/workload-chain.pem"
same_as_stdout show-json 0 show --format json --at "$AT" "$C1/workload-chain.pem" "$I/cluster2/workload-chain.pem"
same_as_stdout show-pem 0 show --pem "$C1/workload-chain.pem" "$I/cluster2/workload-chain.pem"
same_as_stdout connect 0 connect --at "$AT" "127.0.0.1:$port" "127.0.0.1:$port"
same_as_stdout connect-json 0 connect --format json --at "$AT" "127.0.0.1:$port" "127.0.0.1:$port"
same_as_stdout connect-pem 0 connect --pem "127.0.0.1:$port"
same_as_stdout verify 0 verify --at "$AT" --root "$I/root-cert.pem" "$C1/workload-chain.pem"
same_as_stdout verify-json 0 verify --format json --at "$AT" --root "$I/root-cert.pem" "$C1/workload-chain.pem"
same_as_stdout diff 1 diff "$C1/workload-chain.pem" "$I/cluster2/workload-chain.pem"
same_as_stdout diff-json 1 diff --format json "$C1/workload-chain.pem" "$I/cluster2/workload-chain.pem"
same_as_stdout check 1 check --at "$AT" --expect-root "$I/root-cert.pem" "$C1/workload-chain.pem" \
	"$FIXTURES/istio-rogue/cluster3/workload-chain.pem"
same_as_stdout check-junit 0 check --format junit --at "$AT" --expect-root "$I/root-cert.pem" "$C1/workload-chain.pem"
same_as_stdout roots 0 roots --at "$AT" "$C1/workload-chain.pem" "$I/root-cert.pem"
same_as_stdout roots-json 0 roots --format json --at "$AT" "$C1/workload-chain.pem" "$I/cluster2/workload-chain.pem"
same_as_stdout roots-junit 0 roots --format junit --at "$AT" "$C1/workload-chain.pem" "$I/cluster2/workload-chain.pem"
ls -A "$T/d" | grep -v -x -e show -e show-json -e show-pem -e connect -e connect-json -e connect-pem \
	-e verify -e verify-json -e diff -e diff-json -e check -e check-junit -e roots -e roots-json \
	-e roots-junit && fail "temporary files left in $T/d"
ok "-o FILE for show, connect, verify, diff, check, roots on chains and several sources: the whole report, no temporary file left"

# connect --save lists the files it wrote in place of the chain: in FILE.
run connect --save "$T/save1" "127.0.0.1:$port"
expect_status 0
expect_out "$T/save1/cert-3.pem"
run connect --save "$T/save2" "127.0.0.1:$port" -o "$T/connect-save.txt"
expect_status 0
expect_empty_out
grep -qxF "$T/save2/cert-1.pem" "$T/connect-save.txt" && grep -qxF "$T/save2/cert-3.pem" "$T/connect-save.txt" ||
	fail "connect --save -o: the paths are not in FILE: $(cat "$T/connect-save.txt")"
[ -f "$T/save2/cert-3.pem" ] || fail "connect --save -o wrote no certificates"
ok "connect --save -o FILE: the paths written go to FILE"

# Exit 2 and 3 leave no file, and an existing one as it was.
rm -f "$T/d/report.xml"
run check --format junit --at "$AT" --expect-root "$I/root-cert.pem" "$T/missing.pem" -o "$T/d/report.xml"
expect_status 2
[ ! -e "$T/d/report.xml" ] || fail "exit 2 wrote a file"
run check --format junit --timeout 2 --expect-root "$I/root-cert.pem" "tls://127.0.0.1:$dead" -o "$T/d/report.xml"
expect_status 3
[ ! -e "$T/d/report.xml" ] || fail "exit 3 wrote a file"
run connect --timeout 2 "127.0.0.1:$dead" -o "$T/d/report.xml"
expect_status 3
[ ! -e "$T/d/report.xml" ] || fail "connect: exit 3 wrote a file"
echo old >"$T/d/report.xml"
run check --format junit --at "$AT" --expect-root "$I/root-cert.pem" "$T/missing.pem" -o "$T/d/report.xml"
expect_status 2
[ "$(cat "$T/d/report.xml")" = old ] || fail "a failed run replaced the existing file"
run show --at tomorrow "$C1/workload-chain.pem" -o "$T/d/report.xml"
expect_status 2
[ "$(cat "$T/d/report.xml")" = old ] || fail "a usage error replaced the existing file"
run check --format junit --at "$AT" --expect-root "$I/root-cert.pem" "$C1/workload-chain.pem" -o "$T/d/report.xml"
expect_status 0
grep -q '<testsuites' "$T/d/report.xml" || fail "a successful run did not replace the file"
ls -A "$T/d" | grep -q -v -x -e show -e show-json -e show-pem -e connect -e connect-json -e connect-pem \
	-e verify -e verify-json -e diff -e diff-json -e check -e check-junit -e roots -e roots-json \
	-e roots-junit -e report.xml && fail "temporary files left"
ok "-o: exit 2 or 3 writes no file and keeps an existing one; success replaces it"

# Never coloured, even with --color always; stdout is with it.
run --color always check --at "$AT" --expect-root "$I/root-cert.pem" "$C1/workload-chain.pem"
grep -q $'\e\[' "$T/out" || fail "--color always colours stdout"
run --color always check --at "$AT" --expect-root "$I/root-cert.pem" "$C1/workload-chain.pem" -o "$T/d/c.txt"
expect_status 0
grep -q $'\e\[' "$T/d/c.txt" && fail "-o FILE got colour"
run show --color always --at "$AT" "$C1/workload-chain.pem" -o "$T/d/s.txt"
grep -q $'\e\[' "$T/d/s.txt" && fail "show -o FILE got colour"
run verify --color always --at "$AT" --root "$I/root-cert.pem" "$C1/workload-chain.pem" -o "$T/d/v.txt"
grep -q $'\e\[' "$T/d/v.txt" && fail "verify -o FILE got colour"
ok "-o FILE is never coloured"

# A directory that does not exist: exit 2 naming the file.
run check --at "$AT" --expect-root "$I/root-cert.pem" "$C1/workload-chain.pem" -o "$T/nodir/r.txt"
expect_status 2
expect_err "$T/nodir/r.txt"
ok "-o into a missing directory: exit 2 naming the file"
