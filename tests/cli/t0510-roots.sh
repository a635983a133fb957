#!/usr/bin/env bash
# certcheck roots: dumps of two clusters of one mesh share a root (exit 0);
# a third cluster whose root was regenerated with the same subject does not
# (exit 1, "same subject, different key"); the cacerts Secret and the
# istio-ca-root-cert ConfigMap agree with the dumps; the seed's cross-cluster
# check end to end; JSON; errors.
. "$TESTS_DIR/cli/lib.sh"

AT=2026-01-01T06:00:00Z
D=$T/dumps
"$FIXTURES/dumps/gen.sh" "$D"
ROOT_SHA=$(der_sha256 "$FIXTURES/istio/root-cert.pem")
ROGUE_SHA=$(der_sha256 "$FIXTURES/istio-rogue/root-cert.pem")
[ "$ROOT_SHA" != "$ROGUE_SHA" ] || fail "fixture roots are identical"

# --- two clusters: shared
run roots --at "$AT" "$D/cluster1-secret.json" "$D/cluster2-secret.yaml"
expect_status 0 "two clusters"
expect_out "shared: all 2 sources lead to one root, O=Istio,CN=Root CA (SHA-256 $ROOT_SHA)"
[ "$(grep -c "^$D/cluster[12]-secret\.[a-z]* *O=Istio,CN=Root CA *$ROOT_SHA *A *K1\$" "$T/out")" = 2 ] ||
	fail "matrix rows of the two clusters"
head -1 "$T/out" | grep -q '^SOURCE *ROOT SUBJECT *ROOT SHA-256 *GROUP *KEY$' || fail "matrix heading"
ok "two clusters' dumps (JSON presented root, YAML root through ROOTCA) share one root"

# --- a third cluster with a regenerated root
run roots --at "$AT" "$D/cluster1-secret.json" "$D/cluster2-secret.yaml" "$D/cluster3-secret.json"
expect_status 1 "rogue cluster"
expect_out "differ: the sources lead to 2 different roots"
expect_out "group A (O=Istio,CN=Root CA, SHA-256 $ROOT_SHA): $D/cluster1-secret.json, $D/cluster2-secret.yaml"
expect_out "group B (O=Istio,CN=Root CA, SHA-256 $ROGUE_SHA): $D/cluster3-secret.json"
expect_out "groups A and B: same subject, different key"
grep -q "^$D/cluster3-secret.json *O=Istio,CN=Root CA *$ROGUE_SHA *B *K2\$" "$T/out" || fail "rogue row"
ok "a regenerated root: exit 1, which sources differ, same subject, different key"

run roots -q --at "$AT" "$D/cluster3-secret.json" "$D/cluster1-secret.json"
expect_status 1
expect_no_out "SOURCE"
expect_out "groups A and B: same subject, different key"
ok "-q prints only the verdict"

# --- the cluster's own Secrets and ConfigMap agree with the dumps
run roots --at "$AT" "$D/cluster1-secret.json" "$D/cluster2-secret.yaml" "$D/cluster1-config_dump.json" \
	"$D/cacerts.yaml" "$D/istio-ca-root-cert.yaml" "$D/secrets-list.json" "$D/mesh.yaml" \
	"$D/cluster1-secret.json#ROOTCA" "$FIXTURES/istio/cluster1/workload-chain.pem"
expect_status 0 "mesh sources"
expect_out "shared: all 9 sources lead to one root"
ok "cacerts Secret, istio-ca-root-cert ConfigMap, List, config_dump and PEM agree with the dumps"

run roots --format json --at "$AT" "$D/cluster1-secret.json" "$D/cluster2-secret.yaml" "$D/cacerts.yaml" \
	"$D/istio-ca-root-cert.yaml" "$D/cluster3-secret.json"
expect_status 1
[ "$(jq -r '.command' "$T/out")" = roots ] || fail "json command"
[ "$(jq -r '[.sources[].found] | join(",")' "$T/out")" = "trust_entry,trust_entry,trust_entry,trust_only,trust_entry" ] ||
	fail "json found: $(jq -r '[.sources[].found] | join(",")' "$T/out")"
[ "$(jq -r '[.sources[].root.entry] | join(",")' "$T/out")" = "ROOTCA,ROOTCA,istio-system/cacerts/root-cert.pem,foo/istio-ca-root-cert/root-cert.pem,ROOTCA" ] ||
	fail "json entries"
[ "$(jq -r '[.sources[].group] | join(",")' "$T/out")" = "A,A,A,A,B" ] || fail "json groups"
[ "$(jq -r '[.sources[].key_group] | join(",")' "$T/out")" = "K1,K1,K1,K1,K2" ] || fail "json key groups"
[ "$(jq -r '.sources[4].root.sha256' "$T/out")" = "$ROGUE_SHA" ] || fail "json rogue sha"
[ "$(jq -r '.sources[0].root.spki_sha256' "$T/out")" = "$(openssl x509 -in "$FIXTURES/istio/root-cert.pem" -pubkey -noout |
	openssl pkey -pubin -outform DER | openssl dgst -sha256 -binary | base64)" ] || fail "json spki pin"
jq -e '.verdict == {"shared": false, "groups": 2, "key_groups": 2, "without_root": 0,
	"same_subject_different_key": true, "same_key_reissued": false,
	"messages": .verdict.messages}' "$T/out" >/dev/null || fail "json verdict"
jq -e '.verdict.messages | index("groups A and B: same subject, different key") != null' "$T/out" >/dev/null ||
	fail "json verdict messages"
ok "roots --format json: found, entry, groups, pins, verdict"

# --- the seed's cross-cluster check: ROOTCA of a proxy in each cluster
# What users ran: jq the ROOTCA out of each dump, base64 -d, openssl x509.
seed() {
	jq -r '.dynamicActiveSecrets[] | select(.name == "ROOTCA") | .secret.validationContext.trustedCa.inlineBytes' "$1" |
		base64 -d | openssl x509 -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1
}
[ "$(seed "$D/cluster1-secret.json")" = "$ROOT_SHA" ] || fail "seed pipeline, cluster 1"
# (and for YAML, the ROOTCA's inlineBytes line)
c2=$(sed -n '/^  name: ROOTCA$/,$p' "$D/cluster2-secret.yaml" | awk '$1 == "inlineBytes:" {print $2; exit}' |
	base64 -d | openssl x509 -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1)
[ "$c2" = "$ROOT_SHA" ] || fail "seed pipeline, cluster 2"
run roots "$D/cluster1-secret.json#ROOTCA" "$D/cluster2-secret.yaml#ROOTCA"
expect_status 0
expect_out "shared: all 2 sources lead to one root, O=Istio,CN=Root CA (SHA-256 $(seed "$D/cluster1-secret.json"))"
run roots "$D/cluster1-secret.json#ROOTCA" "$D/cluster3-secret.json#ROOTCA"
expect_status 1
expect_out "groups A and B: same subject, different key"
ok "the seed's cross-cluster ROOTCA check: shared, and the rogue one caught"

# --- a source without a root, and errors
run roots --at "$AT" "$D/cluster1-secret.json" "$D/mixed-secret.json"
expect_status 1
expect_out "differ: not every source leads to a root"
expect_out "no root: $D/mixed-secret.json: the chain does not validate to ROOTCA: no_path: no issuer for 'O=Istio,CN=Intermediate CA,L=cluster3'"
expect_out "(one is a trust anchor: same subject, different key)"
grep -q "^$D/mixed-secret.json *(no root) *- *- *-\$" "$T/out" || fail "row without a root"
ok "a chain that does not validate to its source's trust: exit 1 naming the broken link"

# A chain validates at a time: the 24-hour workload certificates have
# expired by 2026-01-03, so the chains lead to no root then.
run roots --at 2026-01-03T00:00:00Z "$D/cluster1-secret.json" "$D/cluster2-secret.yaml"
expect_status 1
expect_out "expired: certificate 1 'URI:spiffe://cluster.local/ns/foo/sa/httpbin' expired at 2026-01-02T00:00:00Z"
ok "an expired chain validates to no root"

run roots --at "$AT" "$D/cluster1-secret.json" "$T/missing.json"
expect_status 1
expect_err "certcheck: $T/missing.json:"
run roots --at "$AT" --format json "$D/cluster1-secret.json" "$T/missing.json"
expect_status 1
[ "$(jq -r '.sources[1].error' "$T/out")" = "$(sed 's/^certcheck: //' "$T/err")" ] || fail "json error of an unread source"
[ "$(jq -r '.sources[0].group' "$T/out")" = A ] || fail "json: the read source is still grouped"
run roots
expect_status 2
expect_err "roots: no SOURCE given"
run roots --format xml "$D/cluster1-secret.json"
expect_status 2
run roots --at yesterday "$D/cluster1-secret.json"
expect_status 2
ok "usage and input errors exit 2"
