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
