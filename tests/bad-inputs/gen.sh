#!/bin/sh
# Remake the committed bad inputs of this directory from the fixtures (see
# TABLE for what each must do).  Run from anywhere: tests/bad-inputs/gen.sh
set -eu
cd "$(dirname "$0")"
fx=../../fixtures
python3 - "$fx" <<'PY'
import sys
fx = sys.argv[1]
leaf = open(fx + "/istio/cluster1/workload-cert.pem").read()
key = open(fx + "/bad/key-only.pem").read()
der = open(fx + "/formats/leaf.der", "rb").read()
def put(name, data):
    open(name, "wb").write(data if isinstance(data, bytes) else data.encode())
# A label longer than any real one (64 characters at most are accepted).
put("long-label.pem", "-----BEGIN " + "A" * 100 + "-----\nMIIB\n-----END " + "A" * 100 + "-----\n")
# A terminal escape in a label: it must reach the message escaped.
put("control-bytes-label.pem", b"-----BEGIN \x1b[2JEVIL-----\nMIIB\n")
# A certificate whose END line names another type.
put("mismatched-end.pem", leaf.replace("END CERTIFICATE", "END PRIVATE KEY"))
# A NUL byte in the middle of the base64.
lines = leaf.split("\n")
lines[3] = lines[3][:20] + "\0" + lines[3][21:]
put("nul-in-base64.pem", "\n".join(lines))
# A private key in CERTIFICATE armour: fails, and never shows the key.
put("key-under-cert-label.pem", key.replace("PRIVATE KEY", "CERTIFICATE"))
# PKCS#7 armour around base64 that is not PKCS#7.
put("bad-pkcs7.pem", "-----BEGIN PKCS7-----\naGVsbG8gd29ybGQ=\n-----END PKCS7-----\n")
# The leaf's DER cut in half.
put("truncated-leaf.der", der[: len(der) // 2])

# Dumps (src/lib/read-envoy.c, src/lib/read-k8s.c through src/lib/value.c).
import base64, json
b64 = lambda b: base64.b64encode(b if isinstance(b, bytes) else b.encode()).decode()
SECRET = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret"
def secret_yaml(data):
    return ("apiVersion: v1\ndata:\n" + data + "kind: Secret\nmetadata:\n"
            "  name: gw-cred\n  namespace: istio-system\ntype: kubernetes.io/tls\n")
# A Secret whose tls.crt is not base64.
put("dump-secret-not-base64.yaml", secret_yaml("  tls.crt: '%%not*base64'\n"))
# istioctl's JSON with inlineBytes that decode to text, not PEM.
put("dump-envoy-base64-not-pem.json", json.dumps({"dynamicActiveSecrets": [{"name": "ROOTCA",
    "secret": {"@type": SECRET, "name": "ROOTCA", "validationContext": {"trustedCa":
    {"inlineBytes": b64("hush hush, not a certificate\n")}}}}]}, indent=4))
# istioctl's JSON cut off in the middle of a string.
full = json.dumps({"dynamicActiveSecrets": [{"name": "default", "secret": {"@type": SECRET,
    "tlsCertificate": {"certificateChain": {"inlineBytes": b64(leaf)}}}}]}, indent=4)
put("dump-truncated.json", full[: len(full) // 2])
# A tab in a Secret's indentation.
put("dump-tab-indent.yaml", secret_yaml("\ttls.crt: " + b64(leaf) + "\n"))
# A number where the certificate's base64 belongs.
put("dump-wrong-type.yaml", secret_yaml("  tls.crt: 42\n"))
# A Secret with no data at all.
put("dump-secret-no-data.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: gw-cred\n"
    "  namespace: istio-system\ntype: kubernetes.io/tls\n")
# kubectl get secrets -o yaml that matched nothing.
put("dump-empty-list.yaml", "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n"
    "  resourceVersion: \"\"\n")
# A dump nested one level deeper than CC_MAX_NESTING (100).
put("dump-too-deep.json", '{"dynamicActiveSecrets": ' + "[" * 100 + "]" * 100 + "}\n")
# A ConfigMap key holding a quote and a bracket: its path stays unambiguous.
put("dump-key-with-quote.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bundle\n"
    "data:\n  'x\"] y.pem': \"-----BEGIN \" \n")
# A 1004-byte key: its path is shortened, and the file and reason still
# show (the whole place used to be dropped from the message).
put("dump-long-key.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bundle\n"
    "data:\n  " + "k" * 1000 + ".pem: \"-----BEGIN \" \n")

# Containers (issue 16).  A kubeconfig whose CA data is not base64.
put("dump-kubeconfig-not-base64.yaml", "apiVersion: v1\nclusters:\n- cluster:\n"
    "    certificate-authority-data: '%%not*base64'\n    server: https://127.0.0.1:6443\n"
    "  name: kind\nkind: Config\nusers: []\n")
# A webhook whose caBundle is not injected yet (cert-manager's cainjector).
put("dump-webhook-empty-cabundle.yaml", "apiVersion: admissionregistration.k8s.io/v1\n"
    "kind: ValidatingWebhookConfiguration\nmetadata:\n  name: v\nwebhooks:\n"
    "- clientConfig:\n    caBundle: \"\"\n  name: v.example\n")
# A Vault pki/issue response whose certificate is not a certificate.
put("dump-vault-bad-pem.json", json.dumps({"data": {"certificate":
    "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
    "private_key": "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"}}, indent=2))
# A helm-template stream of objects none of which holds a certificate.
put("dump-stream-no-certs.yaml", "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
    "  name: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n")
# DER followed by something that is not DER.
put("leaf-then-junk.der", der + b"\n-- not a certificate --\n")
# Base64 text of a DER certificate cut in half.
put("truncated-leaf.b64", base64.encodebytes(der[: len(der) // 2]))
# Java keystores: JKS magic, then JCEKS magic (version 2, no entries).
put("store.jks", b"\xfe\xed\xfe\xed\x00\x00\x00\x02\x00\x00\x00\x00")
put("store.jceks", b"\xce\xce\xce\xce\x00\x00\x00\x02\x00\x00\x00\x00")
PY
# A PKCS#12 file with a password (no --password-file given), and one
# holding only a private key.
openssl pkcs12 -export -in "$fx/istio/cluster1/workload-cert.pem" \
	-inkey "$fx/istio/cluster1/workload-key.pem" -passout pass:not-given -out password.p12
openssl pkcs12 -export -nocerts -inkey "$fx/istio/cluster1/workload-key.pem" -passout pass: \
	-out key-only.p12
# A PKCS#7 with no certificate (37 bytes, a short-form DER length).
openssl crl2pkcs7 -nocrl -outform DER -out empty.p7b
