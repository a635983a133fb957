#!/usr/bin/env bash
# certcheck serve: /metrics from the background refresh (a silent endpoint
# never delays it), /probe per request (400 on a bad query, the scrape
# timeout honoured), 200 concurrent probes against 20 live endpoints with
# no error and bounded memory, clean stop on SIGTERM and SIGINT.
. "$TESTS_DIR/cli/lib.sh"
. "$TESTS_DIR/cli/lib-serve.sh"

command -v promtool >/dev/null || fail "promtool is missing (Debian package prometheus; scripts/deps)"

# Under valgrind (scripts/valgrind) everything is 20-50 times slower and
# under the sanitizers memory is not the program's own: the timing bounds
# stretch, the load is smaller and RSS is not judged there.
SLOW=1 LOAD=200 JUDGE_RSS=true
if [ -n "${CERTCHECK_WRAPPER:-}" ]; then
	SLOW=20 LOAD=20 JUDGE_RSS=false
fi
case ${SANITIZE:-none} in none | "") ;; *) SLOW=4 JUDGE_RSS=false ;; esac

serve_pki "$T/pki"
ROOT=$T/pki/good/root-cert.pem

# get PATH [CURL ARGS...]: the body in $T/out, the HTTP code in $CODE, the
# seconds it took in $SECS.
get() {
	local path=$1
	shift
	read -r CODE SECS < <(curl -s -o "$T/out" -w '%{http_code} %{time_total}\n' "$@" "$URL$path")
}
promtool_ok() {
	promtool check metrics <"$T/out" >"$T/promtool" 2>&1 || fail "promtool check metrics: $(cat "$T/promtool")"
}

# 20 endpoints serving the good chain, and one that accepts and is silent.
ports=()
for i in $(seq 1 20); do
	p=$(free_port)
	serve_endpoint "$p" "$T/pki/good"
	ports+=("$p")
done
silent=$(free_port)
silent_server "$silent"

# /metrics while the refresh waits on the silent endpoint (--timeout 6):
# every answer at once, the first ones before any refresh ended.
serve_start --interval 1s --timeout 6 --expect-root "$ROOT" \
	"tls://127.0.0.1:$silent" "tls://127.0.0.1:${ports[0]}"
for i in 1 2 3 4 5; do
	get /metrics
	[ "$CODE" = 200 ] || fail "/metrics: HTTP $CODE"
	awk -v s="$SECS" -v k="$SLOW" 'BEGIN { exit !(s < 0.5 * k) }' || fail "/metrics took ${SECS}s while a target was silent"
	[ "$i" = 1 ] && cp "$T/out" "$T/first"
	sleep 0.2
done
grep -qx 'certcheck_serve_refreshes_total 0' "$T/first" || fail "the first refresh ended before the silent endpoint timed out"
promtool_ok
ok "/metrics answers at once while the refresh waits on a silent endpoint"
for i in $(seq 1 150); do
	get /metrics
	grep -q '^certcheck_serve_refreshes_total [1-9]' "$T/out" && break
	sleep 0.1
done
promtool_ok
grep -qxF "certcheck_source_up{source=\"tls://127.0.0.1:$silent\"} 0" "$T/out" || fail "silent endpoint not down"
grep -qxF "certcheck_check_success{source=\"tls://127.0.0.1:${ports[0]}\",check=\"expect-root\"} 1" "$T/out" ||
	fail "no expect-root success for the live endpoint"
grep -q '^process_resident_memory_bytes [1-9]' "$T/out" || fail "no process metrics"
# Prometheus asks for OpenMetrics: counters are families without _total.
get /metrics -H 'Accept: application/openmetrics-text; version=1.0.0'
grep -qx '# TYPE certcheck_serve_refreshes counter' "$T/out" || fail "OpenMetrics counter family"
[ "$(tail -1 "$T/out")" = "# EOF" ] || fail "/metrics does not end in # EOF"
ok "/metrics: the refreshed results, process metrics, both text formats"

# /probe: one check per request.
get "/probe?target=tls://127.0.0.1:${ports[1]}&expect_san=URI:spiffe://cluster.local/ns/foo/sa/httpbin&min_valid=1h"
[ "$CODE" = 200 ] || fail "/probe: HTTP $CODE"
promtool_ok
grep -qx 'probe_success 1' "$T/out" || fail "probe of a good endpoint did not succeed"
grep -qxF "certcheck_check_success{source=\"tls://127.0.0.1:${ports[1]}\",check=\"expect-san URI:spiffe://cluster.local/ns/foo/sa/httpbin\"} 1" "$T/out" ||
	fail "no expect-san result"
get "/probe?target=tls://127.0.0.1:${ports[1]}&expect_host=wrong.example"
grep -qx 'probe_success 0' "$T/out" || fail "a failing expectation did not fail the probe"
ok "/probe: a check per request, query expectations added"

# The scrape's timeout: a silent target answers within it, not --timeout.
get "/probe?target=tls://127.0.0.1:$silent" -H 'X-Prometheus-Scrape-Timeout-Seconds: 1.5'
[ "$CODE" = 200 ] || fail "/probe silent: HTTP $CODE"
awk -v s="$SECS" -v k="$SLOW" 'BEGIN { exit !(s >= 0.8 && s < 1.5 + (k - 1) * 0.5) }' || fail "probe of a silent target took ${SECS}s with a 1.5s scrape timeout"
grep -qx 'probe_success 0' "$T/out" || fail "silent target: probe_success not 0"
grep -qxF "certcheck_source_up{source=\"tls://127.0.0.1:$silent\"} 0" "$T/out" || fail "silent target: up"
promtool_ok
ok "/probe honours X-Prometheus-Scrape-Timeout-Seconds (${SECS}s for 1.5s)"

# Bad queries: 400 with a message, and the other answers.
bad() {
	get "$1" "${@:3}"
	[ "$CODE" = 400 ] || fail "$1: HTTP $CODE, not 400"
	grep -qF -- "$2" "$T/out" || fail "$1: message lacks '$2': $(cat "$T/out")"
}
bad "/probe" "give exactly one target parameter (0 given)"
bad "/probe?target=tls://a:1&target=tls://b:1" "(2 given)"
bad "/probe?target=/etc/passwd" "is not a tls:// (or https://, ...) endpoint"
bad "/probe?target=tls://127.0.0.1:1&module=x" "unknown parameter 'module'"
bad "/probe?target=tls://127.0.0.1:1&min_valid=soon" "min_valid 'soon' is not a DURATION"
bad "/probe?target=tls://127.0.0.1:1&expect_san=FOO:x" "expect_san 'FOO:x' is not TYPE:VALUE"
bad "/probe?target=" "parameter 'target' has no value"
bad "/probe?target=tls://127.0.0.1:1" "is not a number of seconds" -H 'X-Prometheus-Scrape-Timeout-Seconds: soon'
get /nowhere
[ "$CODE" = 404 ] || fail "/nowhere: HTTP $CODE"
get /metrics -X POST
[ "$CODE" = 405 ] || fail "POST: HTTP $CODE"
get /healthz
[ "$CODE" = 200 ] && grep -qx ok "$T/out" || fail "/healthz"
ok "bad queries are 400 with the reason; 404, 405, /healthz"

# Load: 200 concurrent probes over the 20 endpoints, twice; memory read
# from /proc before and after.
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVE_PID/status"; }
load() {
	python3 - "$URL" "$LOAD" "${ports[@]}" <<'PY' >"$T/load" 2>&1 || fail "load: $(cat "$T/load")"
import sys, threading, urllib.request
url, n, ports = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
errors, oks = [], []
def one(i):
    target = "tls://127.0.0.1:%s" % ports[i % len(ports)]
    try:
        req = urllib.request.Request(url + "/probe?target=" + target,
                                     headers={"X-Prometheus-Scrape-Timeout-Seconds": "10"})
        body = urllib.request.urlopen(req, timeout=30).read().decode()
        if "probe_success 1\n" not in body:
            errors.append("%s: %s" % (target, body[-300:]))
        else:
            oks.append(i)
    except Exception as e:
        errors.append("%s: %r" % (target, e))
threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
for t in threads: t.start()
for t in threads: t.join()
print("%d ok, %d errors" % (len(oks), len(errors)))
if errors:
    print("\n".join(errors[:5]))
    sys.exit(1)
PY
}
rss0=$(rss)
t0=$(date +%s.%N)
load
t1=$(date +%s.%N)
rss1=$(rss)
load
rss2=$(rss)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
if $JUDGE_RSS; then
	[ "$rss1" -lt $((rss0 + 65536)) ] || fail "RSS grew from ${rss0} kB to ${rss1} kB under $LOAD probes"
	[ "$rss2" -lt $((rss1 + 8192)) ] || fail "RSS grew again from ${rss1} kB to ${rss2} kB on the second $LOAD probes"
fi
get /metrics
grep -qx 'certcheck_serve_probes_rejected_total 0' "$T/out" || fail "probes were rejected"
grep -qx 'certcheck_serve_probes_in_flight 0' "$T/out" || fail "probes still in flight"
ok "$LOAD concurrent probes x2 over 20 endpoints: no error, ${secs}s, RSS ${rss0} -> ${rss1} -> ${rss2} kB"

# SIGTERM: a clean stop, exit 0, and nothing listens any more.
kill -TERM "$SERVE_PID"
set +e
wait "$SERVE_PID"
st=$?
set -e
[ "$st" = 0 ] || fail "serve exited $st on SIGTERM"
grep -q "SIGTERM: stopping" "$T/serve.err" || fail "no stop note"
! curl -s -o /dev/null "$URL/healthz" || fail "still serving after SIGTERM"
serve_start
kill -INT "$SERVE_PID"
set +e
wait "$SERVE_PID"
st=$?
set -e
[ "$st" = 0 ] || fail "serve exited $st on SIGINT"
ok "SIGTERM and SIGINT stop it cleanly (exit 0)"

run serve --listen nowhere
expect_status 2
expect_err "--listen: 'nowhere' is not HOST:PORT"
run serve --interval 0s
expect_status 2
run serve --max-probes 0
expect_status 2
expect_err "--max-probes: '0' is not a number from 1 to 1024"
run serve -
expect_status 2
expect_err "name files, not -"
ok "usage errors: exit 2"
