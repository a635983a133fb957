#!/usr/bin/env bash
# --format openmetrics for check, roots and show: every output passes
# `promtool check metrics` (passing, failing, unreachable sources, labels
# with quotes, backslashes and newlines), says what the run found, ends in
# "# EOF", and with -o is written whole even when no chain was obtained.
. "$TESTS_DIR/cli/lib.sh"

command -v promtool >/dev/null || fail "promtool is missing (Debian package prometheus; scripts/deps)"

I=$FIXTURES/istio
C1=$I/cluster1
ROGUE=$FIXTURES/istio-rogue/cluster3/workload-chain.pem
AT=2026-01-01T06:00:00Z

# promtool_ok FILE: promtool accepts FILE without a lint complaint, and the
# document ends in "# EOF".
promtool_ok() {
	promtool check metrics <"$1" >"$T/promtool" 2>&1 || fail "promtool check metrics: $(cat "$T/promtool")"
	[ "$(tail -1 "$1")" = "# EOF" ] || fail "$1 does not end in # EOF"
}
# has LINE: $T/out holds exactly this sample line.
has() { grep -qxF -- "$1" "$T/out" || fail "no line: $1"; }

dead=$(free_port)
run check --format openmetrics --at "$AT" --timeout 2 --expect-root "$I/root-cert.pem" --min-valid 12h \
	"$C1/workload-chain.pem" "$ROGUE" "tls://127.0.0.1:$dead"
expect_status 1
promtool_ok "$T/out"
has "certcheck_source_up{source=\"$C1/workload-chain.pem\"} 1"
has "certcheck_source_up{source=\"tls://127.0.0.1:$dead\"} 0"
has "certcheck_check_success{source=\"$C1/workload-chain.pem\",check=\"expect-root\"} 1"
has "certcheck_check_success{source=\"$C1/workload-chain.pem\",check=\"min-valid 12h\"} 1"
has "certcheck_check_success{source=\"$ROGUE\",check=\"expect-root\"} 0"
has "certcheck_chain_valid{source=\"$C1/workload-chain.pem\",profile=\"clients\"} 1"
has "certcheck_chain_valid{source=\"$ROGUE\",profile=\"clients\"} 0"
# The unreachable source has no check series: source_up says it.
! grep -q "check_success{source=\"tls://" "$T/out" || fail "an unreachable source has check series"
leaf_sha=$(der_sha256 "$C1/workload-chain.pem" 1)
not_after=$(date -d "$(openssl x509 -noout -enddate -in "$C1/workload-chain.pem" | cut -d= -f2)" +%s)
grep -qE "^certcheck_cert_not_after_seconds\{source=\"$C1/workload-chain.pem\",position=\"1\",role=\"leaf\",subject=\"\",issuer=\"O=Istio,CN=Intermediate CA,L=cluster1\",sha256=\"$leaf_sha\",serial=\"[0-9a-f]+\"\} $not_after\$" "$T/out" ||
	fail "no not_after series for the leaf ($leaf_sha, $not_after)"
grep -q "^certcheck_cert_not_before_seconds{source=\"$C1/workload-chain.pem\",position=\"3\",role=\"root\"" "$T/out" ||
	fail "no not_before series for the root"
[ "$(grep -c '^# TYPE' "$T/out")" = "$(grep '^# TYPE' "$T/out" | sort -u | wc -l)" ] || fail "a family is declared twice"
ok "check: pass, fail and unreachable sources; promtool accepts it"

# The same SOURCE twice, the same assertion twice: one series each.
run check --format openmetrics --at "$AT" --expect-san DNS:nope.example --expect-san DNS:nope.example \
	"$C1/workload-chain.pem" "$C1/workload-chain.pem"
expect_status 1
promtool_ok "$T/out"
[ "$(grep -c '^certcheck_source_up{' "$T/out")" = 1 ] || fail "source_up written twice"
# (valid-path and the one expect-san)
[ "$(grep -c '^certcheck_check_success{' "$T/out")" = 2 ] || fail "check_success written twice"
ok "check: a repeated SOURCE or assertion is one series"

# Labels with a quote, a backslash and a newline: in the SOURCE (a file
# name) and in the subject (openssl makes it; GnuTLS writes RFC 4514's \").
weird=$(printf '%s/a"b\\c\nd.pem' "$T")
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/k.pem" -out "$weird" \
	-days 30 -subj '/O=Quote "q" \\ back/CN=line' 2>/dev/null
run check --format openmetrics --root "$weird" --min-valid 1d "$weird"
expect_status 0
promtool_ok "$T/out"
has "certcheck_source_up{source=\"$T/a\\\"b\\\\c\\nd.pem\"} 1"
grep -qF 'subject="O=Quote \\\"q\\\" \\\\ back,CN=line"' "$T/out" || fail "subject not escaped"
run show --format openmetrics "$weird"
expect_status 0
promtool_ok "$T/out"
grep -qF "entry=\"$T/a\\\"b\\\\c\\nd.pem\"" "$T/out" || fail "show: entry label not escaped"
ok "labels with quotes, backslashes and newlines are escaped; promtool accepts them"

# roots: shared, then differing, with an unreadable source.
run roots --format openmetrics --at "$AT" "$I/root-cert.pem" "$C1/workload-chain.pem"
expect_status 0
promtool_ok "$T/out"
has "certcheck_roots_shared 1"
has "certcheck_roots_groups 1"
run roots --format openmetrics --at "$AT" "$C1/workload-chain.pem" "$ROGUE" "$T/missing.pem"
expect_status 1
promtool_ok "$T/out"
has "certcheck_roots_shared 0"
has "certcheck_roots_groups 2"
has "certcheck_source_up{source=\"$T/missing.pem\"} 0"
grep -q "^certcheck_root_info{source=\"$ROGUE\",how=\"presented\",subject=\"O=Istio,CN=Root CA\".*group=\"2\",key_group=\"2\"} 1$" "$T/out" ||
	fail "no root_info for the rogue root"
ok "roots: shared and differing; promtool accepts it"

# show: every entry of a dump, trust entries with role trust.
"$FIXTURES/dumps/gen.sh" "$T/dumps" >/dev/null
run show --format openmetrics "$T/dumps/cluster1-secret.json" "$T/missing.pem"
expect_status 1
promtool_ok "$T/out"
grep -q 'entry="ROOTCA",position="1",role="trust"' "$T/out" || fail "show: no ROOTCA trust series"
grep -q 'entry="default",position="1",role="leaf"' "$T/out" || fail "show: no default leaf series"
has "certcheck_source_up{source=\"$T/missing.pem\"} 0"
ok "show: every entry, trust entries included; promtool accepts it"

# -o FILE: the textfile collector's path.  Written whole even when the only
# SOURCE is unreachable (exit 3), so the collector sees source_up 0.
run check --format openmetrics --timeout 2 --min-valid 1h -o "$T/certcheck.prom" "tls://127.0.0.1:$dead"
expect_status 3
promtool_ok "$T/certcheck.prom"
grep -qxF "certcheck_source_up{source=\"tls://127.0.0.1:$dead\"} 0" "$T/certcheck.prom" || fail "-o: no source_up 0"
run check --format openmetrics --at "$AT" --root "$I/root-cert.pem" --min-valid 1h -o "$T/certcheck.prom" "$C1/workload-chain.pem"
expect_status 0
grep -qxF "certcheck_check_success{source=\"$C1/workload-chain.pem\",check=\"min-valid 1h\"} 1" "$T/certcheck.prom" ||
	fail "-o: the file was not replaced"
ls "$T" | grep -v -e '^certcheck.prom$' | grep -q '^\.' && fail "-o left a temporary file"
ok "-o FILE: written whole, also when no chain was obtained"

run show --format openmetrics --pem "$C1/workload-chain.pem"
expect_status 2
expect_err "--pem and --format openmetrics do not go together"
run diff --format openmetrics "$C1/workload-chain.pem" "$C1/workload-chain.pem"
expect_status 2
expect_err "is not one of text, json"
ok "openmetrics only where it is offered"
