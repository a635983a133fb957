#!/usr/bin/env bash
# A real Prometheus scrapes certcheck serve, which checks two live
# openssl s_server endpoints (one with a rogue root of the same name), and
# its query API says certcheck_check_success is 1 for the good one and 0
# for the rogue one, through /metrics and through /probe; the alert rules
# of deploy/ load (promtool check rules) and the expiry alert fires for a
# chain expiring within 7 days (promtool test rules).  Skipped (77) only
# when Prometheus cannot start here.
. "$TESTS_DIR/cli/lib.sh"
. "$TESTS_DIR/cli/lib-serve.sh"

ROOT_DIR=${SOURCE_ROOT:-$TESTS_DIR/..}
RULES=$ROOT_DIR/deploy/prometheus
command -v promtool >/dev/null || fail "promtool is missing (Debian package prometheus; scripts/deps)"

# The rules first: they need no server.
promtool check rules "$RULES/certcheck-alerts.yml" >"$T/rules" 2>&1 || fail "promtool check rules: $(cat "$T/rules")"
grep -q "SUCCESS: 7 rules found" "$T/rules" || fail "promtool check rules: $(cat "$T/rules")"
promtool test rules "$RULES/certcheck-alerts.test.yml" >"$T/rules" 2>&1 || fail "promtool test rules: $(cat "$T/rules")"
# The rule test can fail: with the threshold at 1 day, the 5-day leaf no
# longer fires and the test says so.
mkdir "$T/rules-1d"
sed 's/< 7 \* 24 \* 3600/< 1 * 24 * 3600/' "$RULES/certcheck-alerts.yml" >"$T/rules-1d/certcheck-alerts.yml"
cp "$RULES/certcheck-alerts.test.yml" "$T/rules-1d/"
! promtool test rules "$T/rules-1d/certcheck-alerts.test.yml" >"$T/rules" 2>&1 ||
	fail "promtool test rules passes with a 1-day threshold"
grep -q "CertcheckCertificateExpiringSoon" "$T/rules" || fail "the failing rule test does not name the alert"
promtool check config "$RULES/prometheus.yml" >"$T/rules" 2>&1 || fail "promtool check config: $(cat "$T/rules")"
ok "alert rules load; the expiry alert fires for a chain expiring within 7 days (promtool test rules)"

command -v prometheus >/dev/null || fail "prometheus is missing (Debian package prometheus; scripts/deps)"
serve_pki "$T/pki"
good=$(free_port)
rogue=$(free_port)
serve_endpoint "$good" "$T/pki/good"
serve_endpoint "$rogue" "$T/pki/rogue"
serve_start --interval 1s --timeout 3 --expect-root "$T/pki/good/root-cert.pem" \
	"tls://127.0.0.1:$good" "tls://127.0.0.1:$rogue"
exporter=${URL#http://}

prom_port=$(free_port)
cp "$RULES/certcheck-alerts.yml" "$T/"
cat >"$T/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files: [certcheck-alerts.yml]
scrape_configs:
  - job_name: certcheck
    static_configs:
      - targets: ["$exporter"]
  - job_name: certcheck-probe
    metrics_path: /probe
    static_configs:
      - targets: ["tls://127.0.0.1:$good", "tls://127.0.0.1:$rogue"]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: "$exporter"
EOF
bg prometheus --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/tsdb" \
	--web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$T/prometheus.log" 2>&1
prom_pid=${CC_PIDS[-1]}
for i in $(seq 1 100); do
	curl -sf "http://127.0.0.1:$prom_port/-/ready" >/dev/null && break
	if ! kill -0 "$prom_pid" 2>/dev/null; then
		echo "SKIP: Prometheus cannot start here: $(tail -3 "$T/prometheus.log")"
		exit 77
	fi
	sleep 0.2
done
curl -sf "http://127.0.0.1:$prom_port/-/ready" >/dev/null || {
	echo "SKIP: Prometheus did not become ready in 20s: $(tail -3 "$T/prometheus.log")"
	exit 77
}

# query EXPR: the instant vector as "LABELS VALUE" lines, via the HTTP API.
query() {
	python3 - "http://127.0.0.1:$prom_port" "$1" <<'PY'
import json, sys, urllib.parse, urllib.request
base, expr = sys.argv[1], sys.argv[2]
d = json.load(urllib.request.urlopen(base + "/api/v1/query?" + urllib.parse.urlencode({"query": expr}), timeout=5))
assert d["status"] == "success", d
for r in d["data"]["result"]:
    m = r["metric"]
    print("%s %s" % (",".join("%s=%s" % (k, m[k]) for k in sorted(m) if k != "__name__"), r["value"][1]))
PY
}
# wait_series EXPR N: until EXPR has N series (30 s at most).
wait_series() {
	local i
	for i in $(seq 1 150); do
		query "$1" >"$T/q"
		[ "$(wc -l <"$T/q")" -ge "$2" ] && return 0
		sleep 0.2
	done
	fail "Prometheus has no $2 series for $1: $(cat "$T/q"); targets: $(curl -s "http://127.0.0.1:$prom_port/api/v1/targets" | head -c 1500)"
}

wait_series 'certcheck_check_success{job="certcheck",check="expect-root"}' 2
grep -qx "check=expect-root,instance=$exporter,job=certcheck,source=tls://127.0.0.1:$good 1" "$T/q" ||
	fail "good endpoint not 1: $(cat "$T/q")"
grep -qx "check=expect-root,instance=$exporter,job=certcheck,source=tls://127.0.0.1:$rogue 0" "$T/q" ||
	fail "rogue endpoint not 0: $(cat "$T/q")"
ok "Prometheus scraping /metrics: certcheck_check_success 1 for the good endpoint, 0 for the rogue root"

wait_series 'certcheck_check_success{job="certcheck-probe",check="expect-root"}' 2
grep -qx "check=expect-root,instance=tls://127.0.0.1:$good,job=certcheck-probe,source=tls://127.0.0.1:$good 1" "$T/q" ||
	fail "probe: good endpoint not 1: $(cat "$T/q")"
grep -qx "check=expect-root,instance=tls://127.0.0.1:$rogue,job=certcheck-probe,source=tls://127.0.0.1:$rogue 0" "$T/q" ||
	fail "probe: rogue endpoint not 0: $(cat "$T/q")"
query 'probe_success' >"$T/q"
grep -qx "instance=tls://127.0.0.1:$good,job=certcheck-probe 1" "$T/q" || fail "probe_success good: $(cat "$T/q")"
grep -qx "instance=tls://127.0.0.1:$rogue,job=certcheck-probe 0" "$T/q" || fail "probe_success rogue: $(cat "$T/q")"
# Prometheus parsed the exporter's OpenMetrics without a complaint.
query 'up' >"$T/q"
[ "$(grep -c ' 1$' "$T/q")" = 3 ] || fail "not every scrape is up: $(cat "$T/q")"
ok "Prometheus scraping /probe (blackbox style): 1 for the good endpoint, 0 for the rogue one"

# The rules run in this Prometheus too: the rogue root's failing check is
# a pending CertcheckCheckFailing alert (for: 5m).
for i in $(seq 1 50); do
	curl -s "http://127.0.0.1:$prom_port/api/v1/alerts" >"$T/alerts"
	grep -q '"alertname":"CertcheckCheckFailing"' "$T/alerts" && break
	sleep 0.2
done
python3 - "$T/alerts" "tls://127.0.0.1:$rogue" "tls://127.0.0.1:$good" <<'PY' || fail "alerts: $(head -c 1500 "$T/alerts")"
import json, sys
alerts = json.load(open(sys.argv[1]))["data"]["alerts"]
failing = {a["labels"]["source"] for a in alerts if a["labels"]["alertname"] == "CertcheckCheckFailing"}
assert sys.argv[2] in failing, failing
assert sys.argv[3] not in failing, failing
PY
ok "the alert rules run: CertcheckCheckFailing pending for the rogue endpoint only"
