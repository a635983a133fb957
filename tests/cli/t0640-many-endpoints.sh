#!/usr/bin/env bash
# check over 50 tls:// endpoints on loopback with -j 8: openssl s_server and
# gnutls-serv peers serving the cluster1 chain, some serving the rogue
# cluster3 chain (same root name, other key), two closed ports.  Every
# source is reported once, in the order given, a failure where the root is
# wrong, an error where nothing listens, and exit 1.
# CC_TIME_RUNS=5 also prints the median wall time of -j 1 and -j 8.
# (gnutls-serv cannot bind one address: it listens on the wildcard.)
. "$TESTS_DIR/cli/lib.sh"

I=$FIXTURES/istio
C1=$I/cluster1
C3=$FIXTURES/istio-rogue/cluster3
AT=2026-01-01T06:00:00Z
N=50

cat "$C1/ca-cert.pem" "$I/root-cert.pem" >"$T/good-extra.pem"
cat "$C1/workload-cert.pem" "$T/good-extra.pem" >"$T/good-chain.pem"
cat "$C3/ca-cert.pem" "$C3/root-cert.pem" >"$T/rogue-extra.pem"
cat "$C3/workload-cert.pem" "$T/rogue-extra.pem" >"$T/rogue-chain.pem"

# N distinct free ports, held together while they are picked.
mapfile -t ports < <(python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()' "$N")
[ "${#ports[@]}" -eq "$N" ] || fail "could not pick $N ports"

# What each endpoint is: closed (2), rogue, gnutls-serv (good) or s_server (good).
kind() {
	local i=$1
	if [ "$i" -eq 13 ] || [ "$i" -eq 37 ]; then echo closed
	elif [ $((i % 7)) -eq 3 ]; then echo rogue
	elif [ $((i % 12)) -eq 5 ]; then echo gnutls
	else echo good
	fi
}
# Start every server at once, then wait for them all.
for ((i = 0; i < N; i++)); do
	p=${ports[i]}
	case $(kind "$i") in
	good)
		bg openssl s_server -accept "127.0.0.1:$p" -www -quiet -cert "$C1/workload-cert.pem" \
			-key "$C1/workload-key.pem" -cert_chain "$T/good-extra.pem" </dev/null >/dev/null 2>&1 ;;
	rogue)
		bg openssl s_server -accept "127.0.0.1:$p" -www -quiet -cert "$C3/workload-cert.pem" \
			-key "$C3/workload-key.pem" -cert_chain "$T/rogue-extra.pem" </dev/null >/dev/null 2>&1 ;;
	gnutls)
		bg gnutls-serv --port "$p" --x509certfile "$T/good-chain.pem" --x509keyfile "$C1/workload-key.pem" \
			--disable-client-cert --http </dev/null >/dev/null 2>&1 ;;
	esac
done
srcs=()
for ((i = 0; i < N; i++)); do
	[ "$(kind "$i")" = closed ] || wait_port "${ports[i]}"
	srcs+=("tls://127.0.0.1:${ports[i]}")
done

# The first half on the command line, the rest from --targets, with comments.
{
	echo "# the second half of the mesh"
	for ((i = N / 2; i < N; i++)); do
		echo "${srcs[i]}"
		[ $((i % 5)) -eq 0 ] && printf '\n   # a comment\n'
	done
} >"$T/targets"
check_all() {
	run check --expect-root "$I/root-cert.pem" --at "$AT" --timeout 5 "$@" "${srcs[@]:0:N/2}" \
		--targets "$T/targets"
}

check_all -j 8 --format json
expect_status 1
python3 - "$T/out" "${srcs[@]}" <<'PY' >"$T/verdict" || fail "$(cat "$T/verdict")"
import json, sys
d = json.load(open(sys.argv[1]))
srcs = sys.argv[2:]
# Each source: its valid-path result, then its expect-root (or one load error).
d["results"] = [r for r in d["results"] if r["name"] != "valid-path"]
got = [r["source"] for r in d["results"]]
if got != srcs:
    print("sources reported: %r\nwant (in order, once each): %r" % (got, srcs))
    sys.exit(1)
for i, r in enumerate(d["results"]):
    want = ("error" if i in (13, 37) else "fail" if i % 7 == 3 else "pass")
    if r["outcome"] != want or r["name"] not in ("expect-root", "load"):
        print("%s: %s %s, want %s" % (r["source"], r["name"], r["outcome"], want))
        sys.exit(1)
    if want == "fail" and "same subject, different key" not in r["message"]:
        print("%s: message %r" % (r["source"], r["message"]))
        sys.exit(1)
PY
[ "$(json_get 'd["passed"], d["failed"], d["errors"]')" = "(82, 16, 2)" ] ||
	fail "counts: $(json_get 'd["passed"], d["failed"], d["errors"]')"
ok "50 endpoints, -j 8: each reported once, in order; rogue roots fail, closed ports are errors; exit 1"

check_all -j 8
expect_status 1
[ "$(grep -c '^tls://' "$T/out")" -eq "$N" ] || fail "text: one heading per source"
[ "$(grep '^tls://' "$T/out")" = "$(printf '%s\n' "${srcs[@]}")" ] || fail "text: headings in input order"
[ "$(tail -1 "$T/out")" = "82 passed, 16 failed" ] || fail "text summary"
ok "text report: the same sources in the same order"

if [ -n "${CC_TIME_RUNS:-}" ]; then
	for j in 1 8; do
		times=()
		for ((r = 0; r < CC_TIME_RUNS; r++)); do
			s=$(date +%s.%N)
			check_all -j "$j"
			times+=("$(echo "$(date +%s.%N) - $s" | bc)")
		done
		echo "# -j $j: median $(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((CC_TIME_RUNS + 1) / 2))p") s of ${times[*]}"
	done
fi
