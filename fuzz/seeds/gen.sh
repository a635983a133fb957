#!/bin/sh
# Remake the seed inputs of fuzz/seeds/ from the fixtures: valid examples of
# the containers of issue 16, so the replay (meson test fuzz-read,
# fuzz-dump) and libFuzzer (scripts/fuzz) start from every reader's happy
# path.  Certificates only, no private key (key fields hold a placeholder).
# Run from anywhere: fuzz/seeds/gen.sh
set -eu
cd "$(dirname "$0")"
fx=../../fixtures
W=$fx/istio/cluster1
G=$fx/gateway
mkdir -p read dump
b64() { base64 -w0 "$@"; }

# read: TRUSTED CERTIFICATE, DER back to back, base64 text, PKCS#12.
openssl x509 -in "$W/root-cert.pem" -addtrust serverAuth -addreject emailProtection \
	-setalias root -trustout -out read/trusted.pem
openssl x509 -in "$W/workload-cert.pem" -outform DER -out read/leaf.der
openssl x509 -in "$W/ca-cert.pem" -outform DER >>read/leaf.der
echo >>read/leaf.der
mv read/leaf.der read/two-certs.der
cat "$W/workload-cert.pem" "$W/ca-cert.pem" | base64 -w0 >read/jsonpath.b64
openssl pkcs12 -export -nokeys -in "$W/root-cert.pem" -certfile "$W/ca-cert.pem" \
	-passout pass: -out read/truststore.p12

# dump: kubeconfig, webhook, helm-template stream, Vault JSON, Helm values.
cat >dump/kubeconfig.yaml <<EOF
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: $(b64 "$W/root-cert.pem")
    server: https://127.0.0.1:6443
  name: kind
- cluster:
    certificate-authority: /tmp/ca.crt
  name: file
kind: Config
users:
- name: admin
  user:
    client-certificate-data: $(b64 "$W/workload-cert.pem")
    client-key-data: UkVEQUNURUQ=
EOF
cat >dump/webhook.yaml <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector
webhooks:
- clientConfig:
    caBundle: $(b64 "$W/root-cert.pem")
  name: sidecar-injector.istio.io
EOF
cat >dump/helm-stream.yaml <<EOF
---
apiVersion: v1
kind: Secret
metadata:
  name: web-tls
  namespace: web
data:
  tls.crt: $(cat "$G/server.crt" "$G/ca.crt" | b64)
  ca.crt: $(b64 "$G/ca.crt")
  tls.key: UkVEQUNURUQ=
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
spec:
  secretName: web-tls
EOF
jq -n --arg c "$(cat "$W/workload-cert.pem")" --arg i "$(cat "$W/ca-cert.pem")" \
	--arg r "$(cat "$W/root-cert.pem")" \
	'{data: {certificate: $c, issuing_ca: $i, ca_chain: [$i, $r], private_key: "REDACTED"}}' \
	>dump/vault.json
{
	echo "tls:"
	echo "  cert: |"
	sed 's/^/    /' "$G/server.crt"
	echo "  caBundle: $(b64 "$G/ca.crt")"
} >dump/values.yaml

# validate: chains for fuzz-validate.c, in its input format (see there); a
# seed certificate is an index into the certificates of its seed_files[],
# in order, which the list below repeats.
python3 - "$fx" <<'PY'
import os, struct, subprocess, sys
fx = sys.argv[1]
files = ["istio/root-cert.pem", "istio/cluster1/cert-chain.pem", "istio/cluster1/workload-chain.pem",
         "istio/cluster1/workload-reissued-cert.pem", "istio/cluster2/workload-chain.pem",
         "istio-rogue/cluster3/workload-chain.pem", "istio-expired/workload-chain.pem",
         "gateway/server-chain.pem", "gateway/backend-default-chain.pem", "mtls/client-chain.pem",
         "strict/good-chain.pem", "strict/intermediate-no-ca.crt", "strict/intermediate-no-ca-leaf.crt",
         "strict/leaf-ca-true.crt", "strict/sha1-root.crt", "strict/underscore-san.crt",
         "strict/ku-critical-wrong-bits.crt", "strict/eku-no-serverauth.crt"]
first = {}
n = 0
for f in files:
    first[f] = n
    n += open(os.path.join(fx, f)).read().count("-----BEGIN CERTIFICATE-----")
def seed(name, mode, days, depth, leaf, anchors, pool, tail=b""):
    def one(c):
        return bytes([c]) if isinstance(c, int) else b"\x80" + struct.pack(">H", len(c)) + c
    data = bytes([mode]) + struct.pack(">H", days) + bytes([depth, len(anchors), len(pool)])
    data += b"".join(one(c) for c in [leaf] + anchors + pool) + tail
    os.makedirs("validate", exist_ok=True)
    open(os.path.join("validate", name), "wb").write(data)
W = first["istio/cluster1/workload-chain.pem"]
E = first["istio-expired/workload-chain.pem"]
G = first["gateway/server-chain.pem"]
ROOT = first["istio/root-cert.pem"]
AT = 214  # 2026-01-01, fixtures/README.md's default --at day
der = subprocess.run(["openssl", "x509", "-in", os.path.join(fx, "istio/cluster1/workload-cert.pem"),
                      "-outform", "DER"], stdout=subprocess.PIPE, check=True).stdout
seed("istio-clients", 0, AT, 0, W, [ROOT], [W + 1])
seed("istio-expired-compat", 1, AT, 0, E, [ROOT], [E + 1, E + 2])
seed("istio-strict-uri", 2 + 9 * 3, AT, 0, W, [ROOT], [W + 1], b"spiffe://cluster.local/ns/foo/sa/httpbin")
seed("istio-der-leaf", 0, AT, 0, der, [ROOT], [W + 1])
seed("gateway-server-host", 0 + 3 * 1 + 9 * 1, AT, 3, G, [G + 1], [], b"foo.proxy.upbound-127.0.0.1.nip.io")
seed("istio-loop-depth0", 2, AT, 1, W, [ROOT, W + 1], [W + 1, W + 2, ROOT])
PY
