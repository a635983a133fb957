# lib.sh: shared by the CLI tests (tNNNN-*.sh).  Sourced, never run.
#
# The tests run the built binary ($CERTCHECK) against fixtures and against
# real peers started here on 127.0.0.1 (openssl s_server, gnutls-serv,
# haproxy).  Nothing is mocked.  meson sets CERTCHECK, FIXTURES, TESTDATA
# (tests/data: vendored third-party data) and TESTS_DIR; run one by hand with:
#   CERTCHECK=build/src/certcheck FIXTURES=fixtures TESTDATA=tests/data \
#   TESTS_DIR=tests bash tests/cli/t0010-show.sh
set -euo pipefail

: "${CERTCHECK:?CERTCHECK must name the certcheck binary}"
# meson test --setup valgrind (scripts/valgrind): every "$CERTCHECK" runs
# through the wrapper, which finds the binary in CERTCHECK_REAL.
if [ -n "${CERTCHECK_WRAPPER:-}" ]; then
	export CERTCHECK_REAL=$CERTCHECK
	CERTCHECK=$CERTCHECK_WRAPPER
fi
: "${FIXTURES:?FIXTURES must name the fixtures directory}"
: "${TESTS_DIR:=$FIXTURES/../tests}"
: "${TESTDATA:=$TESTS_DIR/data}"
export NO_COLOR=1

T=$(mktemp -d "${TMPDIR:-/tmp}/certcheck-test.XXXXXX")
CC_PIDS=()
cc_cleanup() {
	local pid
	for pid in "${CC_PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$T"
}
trap cc_cleanup EXIT

TESTS_RUN=0
fail() {
	echo "FAIL: $*" >&2
	if [ -f "$T/out" ]; then
		echo "--- stdout" >&2
		head -c 4000 "$T/out" >&2
	fi
	if [ -f "$T/err" ]; then
		echo "--- stderr" >&2
		head -c 4000 "$T/err" >&2
	fi
	exit 1
}
ok() {
	TESTS_RUN=$((TESTS_RUN + 1))
	echo "ok $TESTS_RUN - $*"
}

# run ARGS...: run certcheck; stdout in $T/out, stderr in $T/err, status in $STATUS.
run() {
	set +e
	"$CERTCHECK" "$@" >"$T/out" 2>"$T/err"
	STATUS=$?
	set -e
}
# hide_library SONAME: whether SONAME (x86-64, from ldconfig's cache) can
# be hidden from certcheck: an empty file bind-mounted over it in a private
# mount namespace (the guard tries that very mount).  Sets HIDDEN_LIB.
hide_library() {
	local ldconfig
	ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
	HIDDEN_LIB=$({ "$ldconfig" -p 2>/dev/null || true; } |
		awk -v so="$1" '$1 == so && /x86-64/ && !l { l = $NF } END { print l }')
	: >"$T/empty.so"
	[ -n "$HIDDEN_LIB" ] &&
		unshare -m sh -c 'mount --bind "$0" "$1"' "$T/empty.so" "$HIDDEN_LIB" 2>/dev/null
}
# without_library ARGS...: run (as run does) with HIDDEN_LIB hidden.
without_library() {
	set +e
	unshare -m sh -c 'mount --bind "$0" "$1" && shift && exec "$@"' "$T/empty.so" "$HIDDEN_LIB" \
		"$CERTCHECK" "$@" >"$T/out" 2>"$T/err"
	STATUS=$?
	set -e
}
# run_stdin FILE ARGS...: the same with FILE on standard input.
run_stdin() {
	local input=$1
	shift
	set +e
	"$CERTCHECK" "$@" <"$input" >"$T/out" 2>"$T/err"
	STATUS=$?
	set -e
}

expect_status() {
	[ "$STATUS" -eq "$1" ] || fail "expected exit status $1, got $STATUS${2:+ ($2)}"
}
expect_out() {
	grep -qF -- "$1" "$T/out" || fail "stdout lacks: $1"
}
expect_no_out() {
	! grep -qF -- "$1" "$T/out" || fail "stdout should not contain: $1"
}
expect_err() {
	grep -qF -- "$1" "$T/err" || fail "stderr lacks: $1"
}
expect_empty_out() {
	[ ! -s "$T/out" ] || fail "stdout should be empty"
}

# json_get EXPR: evaluate a Python expression on the JSON in $T/out (bound
# to `d`) and print the result.
json_get() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$T/out" "$1"
}

# der_sha256 FILE [INDEX]: SHA-256 of the DER of the INDEX-th (1-based)
# certificate in a PEM file, as openssl computes it.
der_sha256() {
	local file=$1 index=${2:-1}
	awk -v want="$index" '/-----BEGIN CERTIFICATE-----/{n++} n==want{print} /-----END CERTIFICATE-----/{if(n==want) exit}' "$file" |
		openssl x509 -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1
}

# free_port: a TCP port nothing listens on now.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_port PORT [HOST]: wait until something accepts connections.
wait_port() {
	local port=$1 host=${2:-127.0.0.1} i
	for i in $(seq 1 100); do
		if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	fail "nothing listens on $host:$port"
}

# bg CMD...: start CMD in the background; it is killed when the test ends.
bg() {
	"$@" &
	CC_PIDS+=("$!")
}

# s_server PORT ARGS...: openssl s_server on 127.0.0.1:PORT in -www mode
# (so it keeps serving and never reads stdin), waited for.
s_server() {
	local port=$1
	shift
	bg openssl s_server -accept "127.0.0.1:$port" -www -quiet "$@" </dev/null >"$T/s_server.$port.log" 2>&1
	wait_port "$port"
}

# json_expect EXPR=WANT...: evaluate each Python expression on the JSON in
# $T/out (bound to `d`; `src` is d["sources"][0], `tls` its "tls") in one
# python run, and fail on the first whose str() is not WANT.  EXPR ends at
# the first lone '=' (not part of ==, !=, <=, >=).
json_expect() {
	python3 - "$T/out" "$@" <<'PY' >"$T/json_expect" || fail "$(cat "$T/json_expect")"
import json, re, sys
d = json.load(open(sys.argv[1]))
src = (d.get("sources") or [{}])[0]
tls = src.get("tls")
for arg in sys.argv[2:]:
    m = re.search(r"(?<![=!<>])=(?!=)", arg)
    expr, want = arg[:m.start()], arg[m.end():]
    got = str(eval(expr))
    if got != want:
        print("JSON: %s is %r, want %r" % (expr, got, want))
        sys.exit(1)
PY
}

# silent_server PORT: accept connections on 127.0.0.1:PORT and never say a
# word (a peer that makes a client wait for its timeout), waited for.
silent_server() {
	bg python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)' "$1"
	wait_port "$1"
}
