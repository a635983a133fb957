#!/usr/bin/env bash
# The bad-input corpus (tests/bad-inputs/TABLE): each input fails with the
# status and message the table gives, names its file, prints nothing on
# stdout (JSON: the error in the source's "error"), and split writes
# nothing.  Then the SOURCE-count limit, which no file can show.
. "$TESTS_DIR/cli/lib.sh"

ROOT=${SOURCE_ROOT:-$TESTS_DIR/..}
TABLE=$TESTS_DIR/bad-inputs/TABLE
LEAF=$FIXTURES/istio/cluster1/workload-cert.pem

# Inputs made at run time: gen_NAME PATH.
gen_too_big() { truncate -s $((64 * 1024 * 1024 + 1)) "$1"; }
gen_huge_cert() {
	# A DER SEQUENCE of 1 MiB + 5 bytes: refused by size before decoding.
	python3 -c '
import base64, sys, textwrap
der = b"\x30\x83\x10\x00\x00" + bytes(1 << 20)
b64 = "\n".join(textwrap.wrap(base64.b64encode(der).decode(), 64))
open(sys.argv[1], "w").write("-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n")' "$1"
}
gen_directory() { mkdir "$1"; }
gen_missing() { :; }


mkdir "$T/in"
n=0
while read -r file status msg; do
	case $file in '' | '#'*) continue ;; esac
	n=$((n + 1))
	if [ "${file#@}" != "$file" ]; then
		path=$T/in/${file#@}
		gen=gen_${file#@}
		"${gen//-/_}" "$path"
	else
		path=$ROOT/$file
		[ -f "$path" ] || fail "$file: listed in TABLE but missing"
	fi

	run show "$path"
	expect_status "$status" "show $file"
	expect_err "certcheck: $path: "
	expect_err "$msg"
	expect_empty_out
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "show $file: more than one line on stderr"

	run show --format json "$path"
	expect_status "$status" "show --format json $file"
	cp "$T/out" "$T/json-$n"   # checked all at once below (python is slow to start)
	printf '%s\t%s\n' "$T/json-$n" "$msg" >>"$T/json-cases"

	if [ -f "$path" ]; then
		run_stdin "$path" show -
		expect_status "$status" "show - <$file"
		expect_err "certcheck: (stdin): "
		expect_err "$msg"
		expect_empty_out
	fi

	dir=$T/split-$n
	run split -d "$dir" "$path"
	expect_status "$status" "split $file"
	expect_err "$msg"
	expect_empty_out
	if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
		fail "split $file left files behind: $(ls -A "$dir")"
	fi
	ok "$file: exit $status, '$msg'"
done <"$TABLE"
[ "$n" -ge 20 ] || fail "only $n cases read from TABLE"

# show --format json: one source whose "error" holds the message.
python3 - "$T/json-cases" <<'PY' || fail "show --format json: see above"
import json, sys
for line in open(sys.argv[1]):
    path, msg = line.rstrip("\n").split("\t", 1)
    sources = json.load(open(path))["sources"]
    if len(sources) != 1 or msg not in (sources[0].get("error") or ""):
        sys.exit(f"{path}: JSON error lacks {msg!r}: {sources}")
PY
ok "show --format json reports each error in the source's \"error\""

# More SOURCEs than the limit: refused before any is read.
mapfile -t many < <(yes "$LEAF" | head -n 10001)
run show "${many[@]}"
expect_status 2
expect_err "certcheck: 10001 SOURCEs given; the limit is 10000 per command"
expect_empty_out
run show "${many[@]:1}" --pem
expect_status 0
[ "$(grep -c 'BEGIN CERTIFICATE' "$T/out")" -eq 10000 ] || fail "10000 SOURCEs not all shown"
ok "SOURCE count limit: 10000 read, 10001 refused"
