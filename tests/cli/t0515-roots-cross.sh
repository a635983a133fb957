#!/usr/bin/env bash
# roots on validated paths and roots --cross: the root rotation of
# certcheck-roots(1) ("ROOT ROTATION, STEP BY STEP") in its three stages,
# with two clusters' cacerts Secrets made as Istio's Makefile and
# `kubectl create secret generic cacerts` make them; bundles compared as
# sets; cert-manager's ca.crt holding the issuing CA; a live gateway that
# sends no root, given one with --root.
. "$TESTS_DIR/cli/lib.sh"
. "$FIXTURES/lib-pki.sh"

AT=2026-06-01T00:00:00Z
export PKI_START=2026-01-01T00:00:00Z
P=$T/pki
# The old root and the new one: same subject, another key (as a
# regenerated root is).
pki_root "$P/old"
pki_root "$P/new"
for c in cluster1 cluster2; do
	pki_intermediate "$P/old" "$c" "$P/old-$c"
	pki_intermediate "$P/new" "$c" "$P/new-$c"
done
cat "$P/old/root-cert.pem" "$P/new/root-cert.pem" >"$T/both.pem"

# cacerts CLUSTER INTERMEDIATE_DIR ROOT_BUNDLE: the cluster's cacerts Secret.
cacerts() { "$FIXTURES/dumps/gen.sh" --cacerts "$2" "$3" >"$T/$1.yaml"; }
roots_cross() { run roots --cross --at "$AT" "$T/cluster1.yaml" "$T/cluster2.yaml"; }
matrix_row() { grep -qE "^$1\\. $T/cluster$1\\.yaml +$2 +$3 *\$" "$T/out" || fail "matrix row $1: $2 $3"; }

# --- Stage 1: both clusters on the old root.
cacerts cluster1 "$P/old-cluster1" "$P/old/root-cert.pem"
cacerts cluster2 "$P/old-cluster2" "$P/old/root-cert.pem"
roots_cross
expect_status 0
expect_out "shared: all 2 sources lead to one root"
expect_out "cross: mutually trusted, one root"
matrix_row 1 yes yes
matrix_row 2 yes yes
ok "stage 1 (old root): shared, mutually trusted"

# --- Stage 2, half done: cluster 2 already on the new root, cluster 1's
# bundle not updated yet: the direction that breaks is named.
cacerts cluster2 "$P/new-cluster2" "$T/both.pem"
roots_cross
expect_status 1
expect_out "cross: not mutually trusted"
expect_out "$T/cluster2.yaml's chain does not validate to $T/cluster1.yaml's trust bundle: "
expect_no_out "$T/cluster1.yaml's chain does not validate"
matrix_row 1 yes yes
matrix_row 2 NO yes
run roots --cross --format openmetrics --at "$AT" "$T/cluster1.yaml" "$T/cluster2.yaml"
expect_status 1
for pair in "1 1 1" "1 2 1" "2 1 0" "2 2 1"; do
	read -r from to v <<<"$pair"
	grep -qxF "certcheck_cross_trust{from=\"$T/cluster$from.yaml\",to=\"$T/cluster$to.yaml\"} $v" "$T/out" ||
		fail "openmetrics: cross_trust $from -> $to should be $v"
done
if command -v promtool >/dev/null; then
	promtool check metrics <"$T/out" >/dev/null 2>&1 || fail "promtool refuses the cross-trust metrics"
fi
ok "stage 2, half done: cluster 1 does not trust cluster 2's new chain, and only that direction is named (text and openmetrics)"
# JUnit names the pair that fails, with the message the text gives (each
# message was freed twice before: the run printed freed memory or aborted).
roots_cross
cp "$T/out" "$T/out.text"
run roots --cross --format junit --at "$AT" "$T/cluster1.yaml" "$T/cluster2.yaml"
expect_status 1
[ "$(xmllint --xpath 'count(//testcase[starts-with(@name, "trusted-by ")]/failure)' "$T/out")" = 1 ] ||
	fail "junit: one pair fails"
[ "$(xmllint --xpath 'string(//testsuite[@name="'"$T/cluster2.yaml"'"]/testcase[@name="trusted-by '"$T/cluster1.yaml"'"]/failure/@message)' "$T/out")" = \
	"$(grep -F "$T/cluster2.yaml's chain does not validate to $T/cluster1.yaml's trust bundle: " "$T/out.text" | sed 's/^ *//')" ] ||
	fail "junit: the failing pair's message is the text's"
# Three chains without trust bundles: no pair can be checked, nine messages.
W1=$FIXTURES/istio/cluster1/workload-chain.pem W2=$FIXTURES/istio/cluster2/workload-chain.pem
W3=$FIXTURES/istio-rogue/cluster3/workload-chain.pem
run roots --cross --format junit --at 2026-01-01T12:00:00Z "$W1" "$W2" "$W3"
expect_status 1
[ "$(xmllint --xpath 'count(//testcase[starts-with(@name, "trusted-by ")]/failure)' "$T/out")" = 9 ] ||
	fail "junit: nine pairs fail"
[ "$(xmllint --xpath 'string(//testsuite[3]/testcase[@name="trusted-by '"$W1"'"]/failure/@message)' "$T/out")" = \
	"$W3 -> $W1: not checked: the source holds no trust bundle (give --root)" ] ||
	fail "junit: a pair not checked says why"
ok "roots --cross --format junit: each failing pair with its message"

# --- Stage 2: both bundles hold both roots; cluster 1 still on the old
# intermediate, cluster 2 on the new one.
cacerts cluster1 "$P/old-cluster1" "$T/both.pem"
roots_cross
expect_status 0
expect_out "cross: mutually trusted, different roots"
expect_out "differ: the sources lead to 2 different roots"
run roots --at "$AT" "$T/cluster1.yaml" "$T/cluster2.yaml"
expect_status 1
expect_out "groups A and B: same subject, different key"
run roots --cross --format json --at "$AT" "$T/cluster1.yaml" "$T/cluster2.yaml"
expect_status 0
[ "$(jq -r '[.cross.pairs[] | .trusted] | all' "$T/out")" = true ] || fail "json: every pair trusted"
[ "$(jq -r '.cross.same_root' "$T/out")" = false ] || fail "json: two roots"
[ "$(jq -r '.cross.pairs[1].anchor.sha256' "$T/out")" = "$(der_sha256 "$P/old/root-cert.pem")" ] ||
	fail "json: cluster 1's chain validates to the old root under cluster 2's bundle"
run roots --cross --format junit --at "$AT" "$T/cluster1.yaml" "$T/cluster2.yaml"
expect_status 0
[ "$(xmllint --xpath 'count(//testcase[starts-with(@name, "trusted-by ")])' "$T/out")" = 4 ] ||
	fail "junit: a testcase per pair"
[ "$(xmllint --xpath 'count(//testcase[starts-with(@name, "trusted-by ")]/failure)' "$T/out")" = 0 ] ||
	fail "junit: no pair fails"
ok "stage 2: mutually trusted, different roots (exit 0), while roots alone says they differ; JSON and JUnit"

# --- Stage 3: both on the new root; the old root leaves the bundles.
cacerts cluster1 "$P/new-cluster1" "$P/new/root-cert.pem"
cacerts cluster2 "$P/new-cluster2" "$P/new/root-cert.pem"
roots_cross
expect_status 0
expect_out "shared: all 2 sources lead to one root, O=Istio,CN=Root CA (SHA-256 $(der_sha256 "$P/new/root-cert.pem"))"
expect_out "cross: mutually trusted, one root"
ok "stage 3 (new root): shared, mutually trusted"

# --- Bundles are sets: the same two roots in another order are identical.
cat "$P/new/root-cert.pem" "$P/old/root-cert.pem" >"$T/both-reversed.pem"
run roots --at "$AT" "$T/both.pem" "$T/both-reversed.pem"
expect_status 0
expect_out "shared: all 2 sources lead to one root"
run roots --at "$AT" "$T/both.pem" "$P/old/root-cert.pem"
expect_status 1
expect_out "groups A and B: overlapping"
ok "trust bundles compare as sets: order never decides; a subset overlaps"

# --- cert-manager's ca.crt holds the issuing CA: with the mesh's root it
# is carried on to that root, and shares it with cluster 1.
PKI_DAYS=365 pki_workload "$P/old-cluster1" foo httpbin "$P/w1"
crt=$(cat "$P/w1-cert.pem" | base64 -w0) ca=$(base64 -w0 "$P/old-cluster1/ca-cert.pem")
printf 'apiVersion: v1\ndata:\n  ca.crt: %s\n  tls.crt: %s\nkind: Secret\nmetadata:\n  name: httpbin-tls\n  namespace: foo\ntype: kubernetes.io/tls\n' \
	"$ca" "$crt" >"$T/cm-secret.yaml"
cacerts cluster1 "$P/old-cluster1" "$P/old/root-cert.pem"
run roots --at "$AT" --root "$P/old/root-cert.pem" "$T/cm-secret.yaml" "$T/cluster1.yaml"
expect_status 0
expect_out "shared: all 2 sources lead to one root"
run roots --at "$AT" "$T/cm-secret.yaml" "$T/cluster1.yaml"
expect_status 1
expect_err "(no root it validates to in the source or --root); that CA is compared"
ok "cert-manager ca.crt with the issuing CA: carried on to the root with --root; said when it cannot be"

# --- A live gateway that does not send its root: --root supplies it.
port=$(free_port)
PKI_DAYS=365 pki_server "$P/old-cluster1/ca-cert.pem" "$P/old-cluster1/ca-key.pem" "$T/gw.pem" "$T/gw.key" gw.example.test
s_server "$port" -cert "$T/gw.pem" -key "$T/gw.key" -cert_chain "$P/old-cluster1/ca-cert.pem"
run roots --at "$AT" "tls://127.0.0.1:$port" "$T/cluster1.yaml"
expect_status 1
expect_out "no root presented, no trust entry and no --root"
run roots --at "$AT" --root "$P/old/root-cert.pem" "tls://127.0.0.1:$port" "$T/cluster1.yaml"
expect_status 0
expect_out "shared: all 2 sources lead to one root"
run roots --at "$AT" --root "$P/new/root-cert.pem" "tls://127.0.0.1:$port"
expect_status 1
expect_out "the chain does not validate to --root $P/new/root-cert.pem: no_path: "
ok "a live gateway without its root: --root supplies it; the wrong root names the broken link"
