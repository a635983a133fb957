#!/usr/bin/env bash
# Standard input is the SOURCE "-" (and --targets -), nothing else, and it
# can be read once per run: a file named "(stdin)" is a file, and naming
# "-" twice is refused before anything is read.
. "$TESTS_DIR/cli/lib.sh"

I=$FIXTURES/istio
C1=$I/cluster1
AT=2026-01-01T06:00:00Z

# A file literally named "(stdin)", with standard input holding another
# certificate: the file is read.
mkdir "$T/dir"
cp "$I/root-cert.pem" "$T/dir/(stdin)"
cd "$T/dir"
run_stdin "$C1/workload-cert.pem" show --at "$AT" --format json '(stdin)'
expect_status 0
json_expect 'src["location"]=(stdin)' \
	'src["entries"][0]["certificates"][0]["sha256"]='"$(der_sha256 "$I/root-cert.pem")"
run_stdin /dev/null verify --at "$AT" --root '(stdin)' "$C1/workload-chain.pem"
expect_status 0
cd - >/dev/null
ok 'a file named "(stdin)" is read as a file, not as standard input'

# "-" twice: refused with exit 2, for every command that takes SOURCEs.
want='certcheck: -: standard input can be read only once, and it is named 2 times'
printf -- '-\n' >"$T/targets"
for args in "show - -" "show -- - -#x" "diff - -" "verify --root - -" "verify --intermediate - -" \
	"check --expect-root - -" "check --expect-root - --expect-intermediate - $C1/workload-chain.pem" \
	"check --min-valid 1h - -" "roots - -" "show --targets $T/targets -" \
	"show --targets - --targets -" "roots --targets - -"; do
	# shellcheck disable=SC2086
	run_stdin "$C1/workload-chain.pem" $args
	expect_status 2 "$args"
	expect_err "$want"
	expect_empty_out
done
run_stdin "$C1/workload-chain.pem" show --at "$AT" -
expect_status 0
expect_out "== (stdin) (chain, 3 certificates) =="
ok '"-" twice is refused (exit 2) by show, diff, verify, check and roots; once is read'
