#!/bin/bash
# check on dumps: the `default` chain is what is checked, a dump given to
# --expect-root stands for its ROOTCA, a dump's chain is also checked against
# the dump's own trust, and --same-root gives the answer `roots` gives.
. "$(dirname "$0")/lib.sh"

AT=2026-01-01T06:00:00Z
D=$T/dumps
"$FIXTURES/dumps/gen.sh" "$D" >/dev/null
ROOT=$FIXTURES/istio/root-cert.pem

run check --at "$AT" --expect-root "$ROOT" --expect-intermediate "$FIXTURES/istio/cluster1/ca-cert.pem" \
	--expect-san URI:spiffe://cluster.local/ns/foo/sa/httpbin "$D/cluster1-secret.json"
expect_status 0
expect_out "PASS  expect-root: validates to the expected root 'O=Istio,CN=Root CA' (finding: the root is presented 2 times)"
expect_out "PASS  expect-intermediate"
expect_out "PASS  expect-san URI:spiffe://cluster.local/ns/foo/sa/httpbin"
expect_out "PASS  trust-link ROOTCA: 'default' validates to 'ROOTCA' of the same source"
expect_out "PASS  valid-path: the chain validates to 'O=Istio,CN=Root CA' (from --expect-root $ROOT or ROOTCA)"
expect_out "5 passed, 0 failed"
ok "istioctl secret dump: the default chain is checked, and its link to ROOTCA is a result"

# A dump as --expect-root: its ROOTCA, for a YAML dump of another cluster
# and for an Envoy config_dump.
run check --at "$AT" --expect-root "$D/cluster1-secret.json" "$D/cluster2-secret.yaml" "$D/cluster1-config_dump.json"
expect_status 0
expect_out "$D/cluster2-secret.yaml"
expect_out "6 passed, 0 failed"
ok "--expect-root DUMP uses the dump's ROOTCA"

run check --format json --at "$AT" --expect-root "$D/cluster1-secret.json" "$D/cluster2-secret.yaml" "$D/cluster1-config_dump.json"
[ "$(json_get '" ".join(r["name"].split(" ")[0] + "=" + r["outcome"] for r in d["results"])')" = \
	"valid-path=pass expect-root=pass trust-link=pass valid-path=pass expect-root=pass trust-link=pass" ] ||
	fail "results: $(json_get 'd["results"]')"
ok "json: each dump gives expect-root and trust-link results"

# The regenerated root: same subject, another key.
run check --at "$AT" --expect-root "$ROOT" "$D/cluster3-secret.json"
expect_status 1
expect_out "FAIL  expect-root: the chain validates to 'O=Istio,CN=Root CA' (from --expect-root $ROOT or ROOTCA), not to a root of $ROOT: same subject, different key"
ok "a dump from the rogue cluster fails expect-root: same subject, different key"

# A proxy whose chain came from the rogue CA while its ROOTCA is the mesh's.
run check --at "$AT" --min-valid 1h "$D/mixed-secret.json"
expect_status 1
expect_out "FAIL  valid-path: the chain does not validate to ROOTCA: "
expect_out "FAIL  trust-link ROOTCA: 'default' does not validate to 'ROOTCA' of the same source"
expect_out "same subject, different key"
ok "a broken trust link inside one dump is a failed result"

# cacerts: the plugged-in CA secret gives chain and trust.
run check --at "$AT" --expect-root "$ROOT" --expect-intermediate "$FIXTURES/istio/cluster1/ca-cert.pem" "$D/cacerts.yaml"
expect_status 0
expect_out "PASS  trust-link istio-system/cacerts/root-cert.pem"
ok "a cacerts Secret: intermediate, root and its own trust link"

# --same-root agrees with `roots`, over every shape of the same mesh.
mesh=("$D/cluster1-secret.json" "$D/cluster2-secret.yaml" "$D/cacerts.yaml" "$D/istio-ca-root-cert.yaml"
	"$D/cluster1-config_dump.json")
run check --at "$AT" --same-root "${mesh[@]}"
expect_status 0
expect_out "PASS  same-root: all 5 sources validate to the root 'O=Istio,CN=Root CA'"
run roots --at "$AT" "${mesh[@]}"
expect_status 0
run check --at "$AT" --same-root "${mesh[@]}" "$D/cluster3-secret.json"
expect_status 1
expect_out "FAIL  same-root: 2 different roots"
expect_out "same subject, different key"
expect_out "$D/cluster3-secret.json: group 2"
run roots --at "$AT" "${mesh[@]}" "$D/cluster3-secret.json"
expect_status 1
expect_out "same subject, different key"
ok "--same-root and roots give the same answer: 5 shapes of one mesh share a root, the rogue cluster does not"
