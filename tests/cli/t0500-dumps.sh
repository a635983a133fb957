#!/usr/bin/env bash
# Dumps as sources: istioctl proxy-config secret -o json|yaml, Envoy
# /config_dump, ztunnel, Kubernetes Secret/ConfigMap/List, built from the
# fixture PKIs in the shapes of FORMATS.md (fixtures/dumps/gen.sh) and the
# real samples; show (text, JSON, --pem), split and SOURCE#NAME on them;
# the trust link of a dump's chain; malformed dumps exit 2 naming the key
# path.
. "$TESTS_DIR/cli/lib.sh"

AT=2026-01-01T06:00:00Z
D=$T/dumps
"$FIXTURES/dumps/gen.sh" "$D"
SAMPLES=$TESTDATA/istio

# entries FILE: "name role count" per entry, from show --format json.
entries() {
	run show --at "$AT" --format json "$@"
	expect_status 0 "show $*"
	jq -r '.sources[].entries[] | "\(.name) \(.role) \(.certificates | length)"' "$T/out"
}
# trust_link FILE ENTRY: the severity and message of ENTRY's trust_link finding.
trust_link() {
	local file=$1 entry=$2
	shift 2
	run show --format json "$@" "$file"
	jq -r --arg e "$entry" '.sources[0].entries[] | select(.name == $e) | .findings[] |
		select(.code == "trust_link") | "\(.severity) \(.message)"' "$T/out"
}

# --- every shape, its entries, roles and certificate counts
[ "$(entries "$D/cluster1-secret.json")" = "default chain 4
ROOTCA trust 1" ] || fail "pc secret -o json entries"
[ "$(entries "$D/cluster2-secret.yaml")" = "default chain 2
ROOTCA trust 1" ] || fail "pc secret -o yaml entries"
[ "$(entries "$D/cluster1-config_dump.json")" = "default chain 4
ROOTCA trust 1
kubernetes://missing-credential chain 0" ] || fail "config_dump entries"
jq -e '.sources[0].format == "envoy-config-dump"' "$T/out" >/dev/null || fail "config_dump format"
[ "$(entries "$D/cacerts.yaml")" = "istio-system/cacerts/ca-cert.pem chain 1
istio-system/cacerts/cert-chain.pem chain 2
istio-system/cacerts/root-cert.pem trust 1" ] || fail "cacerts entries"
[ "$(entries "$D/istio-ca-root-cert.yaml")" = "foo/istio-ca-root-cert/root-cert.pem trust 1" ] ||
	fail "ConfigMap entries"
[ "$(entries "$D/secrets-list.json")" = "istio-system/cacerts/ca-cert.pem chain 1
istio-system/cacerts/cert-chain.pem chain 2
istio-system/cacerts/root-cert.pem trust 1
foo/httpbin-tls/ca.crt trust 1
foo/httpbin-tls/tls.crt chain 2" ] || fail "List entries"
[ "$(entries "$D/mesh.yaml")" = "istio-system/cacerts/ca-cert.pem chain 1
istio-system/cacerts/cert-chain.pem chain 2
istio-system/cacerts/root-cert.pem trust 1
foo/istio-ca-root-cert/root-cert.pem trust 1" ] || fail "multi-document entries"
[ "$(entries "$SAMPLES/envoy-config_dump-secrets-only-spire-trust-bundles.json")" = "default chain 2
ROOTCA trust 0
ROOTCA/east.local trust 1
ROOTCA/west.local trust 1" ] || fail "SPIRE entries"
[ "$(entries "$SAMPLES/ztunnel-config_dump-certificates-only.json" | head -2)" = "spiffe://cluster.local/ns/istio-system/sa/istiod chain 2
spiffe://cluster.local/ns/istio-system/sa/ztunnel chain 0" ] || fail "ztunnel entries"
ok "every dump shape yields its entries, roles and certificate counts"

# The certificates are the fixture's, in order: compare with openssl.
run show --at "$AT" --format json "$D/cluster1-secret.json"
for i in 1 2 3 4; do
	want=$(der_sha256 "$FIXTURES/istio/cluster1/plugin-default-chain.pem" "$i")
	got=$(jq -r ".sources[0].entries[0].certificates[$((i - 1))].sha256" "$T/out")
	[ "$got" = "$want" ] || fail "default certificate $i: $got, openssl says $want"
done
[ "$(jq -r '.sources[0].entries[1].certificates[0].sha256' "$T/out")" = "$(der_sha256 "$FIXTURES/istio/root-cert.pem")" ] ||
	fail "ROOTCA is not the fixture root"
ok "a dump's certificates are the fixture's, as openssl sees them"

# --- text report: entry headings, the warming note, the trust link
run show --at "$AT" "$D/cluster1-config_dump.json"
expect_status 0
expect_out "== $D/cluster1-config_dump.json#default (chain, 4 certificates) =="
expect_out "== $D/cluster1-config_dump.json#ROOTCA (trust, 1 certificate) =="
expect_out "note: configs[2].dynamic_warming_secrets[0]: a warming secret without certificates (version uninitialized)"
expect_out "ok      leads to the source's own trust entry ROOTCA (1 certificate)"
expect_out "warning certificate 4 is a repeat of certificate 3"
ok "show text: entries, warming placeholder note, trust link"

[ "$(trust_link "$D/cluster2-secret.yaml" default --at "$AT")" = "ok leads to the source's own trust entry ROOTCA (1 certificate)" ] ||
	fail "cluster2 trust link"
[ "$(trust_link "$D/mixed-secret.json" default --at "$AT")" = "error does not lead to the source's own trust entry ROOTCA: no_path: no issuer for 'O=Istio,CN=Intermediate CA,L=cluster3': the certificate(s) named 'O=Istio,CN=Root CA' have another key identifier than its authorityKeyIdentifier (one is a trust anchor: same subject, different key)" ] ||
	fail "mixed trust link: $(trust_link "$D/mixed-secret.json" default --at "$AT")"
[ "$(trust_link "$D/cluster1-secret.json" default --at 2026-01-02T13:00:00Z)" = "error does not lead to the source's own trust entry ROOTCA: expired: certificate 1 'URI:spiffe://cluster.local/ns/foo/sa/httpbin' expired at 2026-01-02T00:00:00Z" ] ||
	fail "expired trust link: $(trust_link "$D/cluster1-secret.json" default --at 2026-01-02T13:00:00Z)"
[ "$(trust_link "$D/secrets-list.json" foo/httpbin-tls/tls.crt --at "$AT")" = "ok leads to the source's own trust entry foo/httpbin-tls/ca.crt (1 certificate)" ] ||
	fail "cert-manager trust link"
[ "$(trust_link "$SAMPLES/envoy-config_dump-secrets-only-istio-snake_case.json" default --at 2023-05-15T06:00:00Z)" = "ok leads to the source's own trust entry ROOTCA (1 certificate)" ] ||
	fail "sample trust link"
[ "$(trust_link "$SAMPLES/envoy-config_dump-secrets-only-spire-trust-bundles.json" default --at 2024-10-27T22:00:00Z)" = "ok leads to the source's own trust entry ROOTCA (2 certificates)" ] ||
	fail "SPIRE trust link"
[ "$(trust_link "$SAMPLES/ztunnel-config_dump-certificates-only.json" spiffe://cluster.local/ns/istio-system/sa/istiod)" = "info trust link not checked: no trust entry in the source for spiffe://cluster.local/ns/istio-system/sa/istiod" ] ||
	fail "ztunnel trust link"
# Plain PEM files get no trust link finding.
run show --at "$AT" --format json "$FIXTURES/istio/cluster1/workload-chain.pem"
[ "$(jq '[.sources[0].entries[0].findings[] | select(.code == "trust_link")] | length' "$T/out")" = 0 ] ||
	fail "a PEM file has a trust link finding"
ok "trust link: linked, broken (same subject, different key; expired), unchecked"

# --- SOURCE#NAME
run show --at "$AT" --format json "$D/cluster1-secret.json#ROOTCA"
expect_status 0
[ "$(jq -r '.sources[0].entries | length' "$T/out")" = 1 ] || fail "#ROOTCA keeps one entry"
[ "$(jq -r '.sources[0].entries[0].role' "$T/out")" = trust ] || fail "#ROOTCA role"
run show --at "$AT" --format json "$D/secrets-list.json#istio-system/cacerts"
[ "$(jq -r '[.sources[0].entries[].name] | join(",")' "$T/out")" = "istio-system/cacerts/ca-cert.pem,istio-system/cacerts/cert-chain.pem,istio-system/cacerts/root-cert.pem" ] ||
	fail "#NS/NAME selects the object's keys"
run show --at "$AT" --format json "$SAMPLES/envoy-config_dump-secrets-only-spire-trust-bundles.json#ROOTCA"
[ "$(jq -r '[.sources[0].entries[].name] | join(",")' "$T/out")" = "ROOTCA,ROOTCA/east.local,ROOTCA/west.local" ] ||
	fail "#ROOTCA selects the SPIFFE bundles"
run show "$D/cluster1-secret.json#nope"
expect_status 2
expect_err "certcheck: $D/cluster1-secret.json: no entry named 'nope' (it has: default, ROOTCA)"
run show "$D/cluster1-config_dump.json#kubernetes://missing-credential"
expect_status 2
expect_err "certcheck: $D/cluster1-config_dump.json: no certificate found: configs[2].dynamic_warming_secrets[0]: a warming secret without certificates (version uninitialized)"
run show --pem "$D/mesh.yaml#foo/istio-ca-root-cert/root-cert.pem"
expect_status 0
cmp -s "$T/out" "$FIXTURES/istio/root-cert.pem" || fail "--pem of the ConfigMap is not root-cert.pem"
ok "SOURCE#NAME selects an entry, an object's keys, a bundle set"

# --- split on dumps
run split -d "$T/split" --prefix proxy-cert "$D/cluster1-secret.json"
expect_status 0
for i in 1 2 3 4; do
	[ "$(der_sha256 "$T/split/proxy-cert-$i.pem")" = "$(der_sha256 "$FIXTURES/istio/cluster1/plugin-default-chain.pem" "$i")" ] ||
		fail "split: proxy-cert-$i.pem"
done
[ ! -e "$T/split/proxy-cert-5.pem" ] || fail "split wrote a 5th file"
run split -d "$T/split2" "$D/cacerts.yaml#istio-system/cacerts/cert-chain.pem"
expect_status 0
cat "$T/split2/cert-1.pem" "$T/split2/cert-2.pem" | cmp -s - "$FIXTURES/istio/cluster1/cert-chain.pem" ||
	fail "split of cert-chain.pem differs from the file"
ok "split writes a dump entry's certificates in order"

# --- standard input, YAML and JSON alike
run_stdin "$D/cluster2-secret.yaml" show --at "$AT" --format json -
expect_status 0
[ "$(jq -r '.sources[0].format' "$T/out")" = istioctl-secret ] || fail "stdin YAML dump"
ok "a dump on standard input"

# --- malformed dumps: exit 2, the file and the key path
R64=$(base64 -w0 "$FIXTURES/istio/root-cert.pem")
H64=$(printf 'hush hush hush\n' | base64 -w0)
secret_with() { # the ROOTCA trustedCa value
	printf '{\n    "dynamicActiveSecrets": [\n        {"name": "default", "secret": {}},\n        {"name": "ROOTCA", "secret": {"validationContext": {"trustedCa": %s}}}\n    ]\n}\n' "$1"
}
bad() { # NAME CONTENT EXPECTED-STDERR
	printf '%s' "$2" >"$T/$1"
	run show "$T/$1"
	expect_status 2 "$1"
	expect_empty_out
	expect_err "certcheck: $T/$1: $3"
}
bad invalid-b64.json "$(secret_with '{"inlineBytes": "not*base64!"}')" \
	"dynamicActiveSecrets[1].secret.validationContext.trustedCa.inlineBytes: not base64"
bad non-pem.json "$(secret_with "{\"inlineBytes\": \"$H64\"}")" \
	"dynamicActiveSecrets[1].secret.validationContext.trustedCa.inlineBytes: the base64 decodes to data that holds no certificate"
bad wrong-type.json "$(secret_with '{"inlineBytes": ["x"]}')" \
	"dynamicActiveSecrets[1].secret.validationContext.trustedCa.inlineBytes: not a string (a list)"
bad truncated.json "$(secret_with "{\"inlineBytes\": \"$R64\"}" | head -c 300)" "line 4, column "
bad tab.yaml "$(printf 'apiVersion: v1\ndata:\n\tca.crt: %s\nkind: Secret\n' "$R64")" \
	"line 3: a tab in the indentation (YAML indents with spaces only)"
bad no-data.yaml "$(printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: cacerts\n  namespace: istio-system\ntype: Opaque\n')" \
	"line 1: data: missing: a Secret without data (istio-system/cacerts)"
bad invalid-b64.yaml "$(printf 'dynamicActiveSecrets:\n- name: ROOTCA\n  secret:\n    validationContext:\n      trustedCa:\n        inlineBytes: not*base64\n')" \
	"line 6: dynamicActiveSecrets[0].secret.validationContext.trustedCa.inlineBytes: not base64"
bad empty-list.json '{"apiVersion": "v1", "items": [], "kind": "List", "metadata": {"resourceVersion": ""}}' \
	"items: an empty List"
bad k8s-non-pem.yaml "$(printf 'apiVersion: v1\ndata:\n  tls.crt: %s\nkind: Secret\nmetadata:\n  name: s\n' "$H64")" \
	'line 3: data["tls.crt"]: the base64 decodes to data that holds no certificate'
run show "$SAMPLES/k8s-secrets-istio-gateway-credential-malformed.yaml"
expect_status 2
expect_err "k8s-secrets-istio-gateway-credential-malformed.yaml: document 1: line 3: data.cert: the base64 decodes to data that holds no certificate"
ok "malformed dumps: exit 2 naming the file and the key path"
