#!/usr/bin/env bash
# Every certificate container users have (issue 16), made here with the
# real tools from the fixture PKIs: OpenSSL's TRUSTED CERTIFICATE and X509
# CERTIFICATE armour, DER with a newline and DER back to back, base64 text
# as `kubectl get secret -o jsonpath='{.data.tls\.crt}'` prints it, PKCS#12
# from `openssl pkcs12 -export` (with and without a password, -nokeys),
# Java keystores (refused with the keytool command), an encrypted client
# key for connect --key, a kubeconfig, a webhook configuration's caBundle,
# a helm-template stream mixing a Secret with a Deployment, a cert-manager
# Certificate and a webhook (and a List of such objects), a Vault pki/issue
# JSON response and Helm values.  Each is read by show with the right
# certificates in the right roles, and spot-checked with split, verify,
# check and roots.
. "$TESTS_DIR/cli/lib.sh"

AT=2026-01-01T06:00:00Z
W=$FIXTURES/istio/cluster1
G=$FIXTURES/gateway
M=$FIXTURES/mtls
I=$T/in
mkdir "$I"

# entries ARGS...: "name role subject|subject..." per entry (show --format json).
entries() {
	run show --at "$AT" --format json "$@"
	expect_status 0 "show $*"
	jq -r '.sources[].entries[] | "\(.name) \(.role) \([.certificates[].subject] | join("|"))"' "$T/out"
}
# expect_entries WANT ARGS...
expect_entries() {
	local want=$1 got
	shift
	got=$(entries "$@")
	[ "$got" = "$want" ] || fail "show $*: entries
$got
want
$want"
}
# certcheck prints DNs in GnuTLS's RFC 4514 order; compare with its own.
run show --format json "$W/workload-cert.pem" "$W/ca-cert.pem" "$W/root-cert.pem"
LEAF=$(jq -r '.sources[0].entries[0].certificates[0].subject' "$T/out")
INTER=$(jq -r '.sources[1].entries[0].certificates[0].subject' "$T/out")
ROOT=$(jq -r '.sources[2].entries[0].certificates[0].subject' "$T/out")

# --- TRUSTED CERTIFICATE and X509 CERTIFICATE armour
openssl x509 -in "$W/root-cert.pem" -addtrust serverAuth -addreject emailProtection \
	-setalias "mesh root" -trustout -out "$I/trusted.pem"
head -1 "$I/trusted.pem" | grep -qx -- '-----BEGIN TRUSTED CERTIFICATE-----' || fail "openssl -trustout"
expect_entries "$I/trusted.pem chain $ROOT" "$I/trusted.pem"
json_expect 'src["entries"][0]["notes"][0]='"$I/trusted.pem: line 1: TRUSTED CERTIFICATE: OpenSSL trust settings (trusted for serverAuth; rejected for emailProtection; alias \"mesh root\") follow the certificate; certcheck does not apply them"
run verify --at "$AT" --root "$I/trusted.pem" "$W/workload-cert.pem" --intermediate "$W/ca-cert.pem"
expect_status 0 "a TRUSTED CERTIFICATE as --root"
sed 's/CERTIFICATE-----/X509 CERTIFICATE-----/' "$W/ca-cert.pem" >"$I/x509.pem"
expect_entries "$I/x509.pem chain $INTER" "$I/x509.pem"
ok "TRUSTED CERTIFICATE (settings noted) and X509 CERTIFICATE armour"

# --- DER with a newline, DER back to back, base64 text of PEM and DER
for c in workload-cert ca-cert root-cert; do
	openssl x509 -in "$W/$c.pem" -outform DER -out "$I/$c.der"
done
{ cat "$I/workload-cert.der"; echo; } >"$I/newline.der"
expect_entries "$I/newline.der chain $LEAF" "$I/newline.der"
cat "$I/workload-cert.der" "$I/ca-cert.der" "$I/root-cert.der" >"$I/three.der"
expect_entries "$I/three.der chain $LEAF|$INTER|$ROOT" "$I/three.der"
json_expect 'src["format"]=der'
{ cat "$I/workload-cert.der"; echo junk; } >"$I/junk.der"
run show "$I/junk.der"
expect_status 2
expect_err "certcheck: $I/junk.der: DER certificate 2: not a valid X.509 certificate"
# kubectl get secret x -o jsonpath='{.data.tls\.crt}': base64 of PEM, no newline.
cat "$W/workload-cert.pem" "$W/ca-cert.pem" | base64 -w0 >"$I/jsonpath.txt"
expect_entries "$I/jsonpath.txt chain $LEAF|$INTER" "$I/jsonpath.txt"
json_expect 'src["format"]=base64'
base64 "$I/root-cert.der" >"$I/der.b64"   # wrapped at 76 columns
expect_entries "$I/der.b64 chain $ROOT" "$I/der.b64"
run_stdin "$I/jsonpath.txt" split -d "$T/split" -
expect_status 0
cmp -s "$T/split/cert-2.pem" "$W/ca-cert.pem" || fail "split of base64 text: cert-2.pem is not ca-cert.pem"
ok "DER with a newline, three DER certificates back to back, base64 of PEM and of DER"

# --- PKCS#12
openssl pkcs12 -export -in "$W/workload-cert.pem" -inkey "$W/workload-key.pem" \
	-certfile <(cat "$W/ca-cert.pem" "$W/root-cert.pem") -name workload \
	-passout pass:s3cret -out "$I/pw.p12"
openssl pkcs12 -export -in "$W/workload-cert.pem" -inkey "$W/workload-key.pem" \
	-certfile "$W/ca-cert.pem" -passout pass: -out "$I/nopw.p12"
openssl pkcs12 -export -nokeys -in "$W/root-cert.pem" -passout pass: -out "$I/truststore.p12"
printf 's3cret\nsecond line ignored\n' >"$I/pass"
expect_entries "workload chain $LEAF|$INTER|$ROOT" --password-file "$I/pass" "$I/pw.p12"
json_expect 'src["format"]=pkcs12' 'src["entries"][0]["notes"]'"=['$I/pw.p12: 1 private key bag not read (certcheck never reads keys)']"
expect_entries "$I/nopw.p12 chain $LEAF|$INTER" "$I/nopw.p12"
expect_entries "$I/truststore.p12 trust $ROOT" "$I/truststore.p12"
run_stdin "$I/pass" show --password-file - --format json "$I/pw.p12"
expect_status 0 "--password-file -"
ok "PKCS#12 with a password (file and stdin), with the empty one, and a keyless trust store"

run show "$I/pw.p12"
expect_status 2 "PKCS#12 without --password-file"
expect_err "certcheck: $I/pw.p12: PKCS#12 file protected by a password (neither the empty password nor none opens it): give it with --password-file FILE"
echo wrong >"$I/wrong"
run show --password-file "$I/wrong" "$I/pw.p12"
expect_status 2 "wrong password"
expect_err "certcheck: $I/pw.p12: PKCS#12: wrong password"
expect_empty_out
run check --password-file "$I/wrong" --format junit -o "$T/report.xml" "$I/pw.p12"
[ ! -e "$T/report.xml" ] || [ "$STATUS" -eq 1 ] || fail "check wrote a report for an unreadable PKCS#12"
run show --password-file "$I/missing-file" "$I/pw.p12"
expect_status 2 "--password-file of a missing file"
expect_err "$I/missing-file"
ok "PKCS#12: a missing or wrong password is exit 2 naming the file"

run split --password-file "$I/pass" -d "$T/p12split" "$I/pw.p12"
expect_status 0
for i in 1 2 3; do
	want=$(sed -n "${i}p" <<<"$W/workload-cert.pem
$W/ca-cert.pem
$W/root-cert.pem")
	cmp -s "$T/p12split/cert-$i.pem" "$want" || fail "split of PKCS#12: cert-$i.pem is not $want"
done
run verify --at "$AT" --password-file "$I/pass" --root "$I/truststore.p12" "$I/pw.p12"
expect_status 0 "verify of a PKCS#12 chain to a PKCS#12 trust store"
expect_out "$ROOT"
run check --at "$AT" --password-file "$I/pass" --expect-root "$I/truststore.p12" --min-valid 12h "$I/pw.p12"
expect_status 0 "check --expect-root on PKCS#12"
run roots --at "$AT" --password-file "$I/pass" "$I/truststore.p12" "$I/pw.p12" "$W/root-cert.pem"
expect_status 0 "roots of two PKCS#12 files"
expect_out "shared: all 3 sources lead to one root, $ROOT"
ok "split, verify, check and roots on PKCS#12"

# --- Java keystores: refused with the command that converts them.
printf '\xfe\xed\xfe\xed\x00\x00\x00\x02\x00\x00\x00\x00' >"$I/store.jks"
printf '\xce\xce\xce\xce\x00\x00\x00\x02\x00\x00\x00\x00' >"$I/store.jceks"
for f in store.jks store.jceks; do
	run show "$I/$f"
	expect_status 2 "$f"
	expect_err "certcheck: $I/$f: a Java keystore (JKS/JCEKS), which certcheck does not read; convert it to PKCS#12 with: keytool -importkeystore -srckeystore $I/$f -destkeystore $I/store.p12 -deststoretype pkcs12"
done
ok "JKS and JCEKS refused with the keytool command"

# keytool itself, where a JDK is installed (scripts/deps does not pull one
# in): a real JKS is refused, and the command given converts it into a
# PKCS#12 trust store certcheck reads.
if command -v keytool >/dev/null 2>&1; then
	printf 'changeit\n' >"$I/storepass"
	keytool -importcert -noprompt -alias meshroot -file "$W/root-cert.pem" -keystore "$I/real.jks" \
		-storetype jks -storepass changeit >/dev/null 2>&1
	run show "$I/real.jks"
	expect_status 2 "a JKS made by keytool"
	cmd=$(sed -n 's/.*convert it to PKCS#12 with: //p' "$T/err")
	read -ra argv <<<"$cmd"
	"${argv[@]}" -srcstorepass changeit -deststorepass changeit -noprompt >/dev/null 2>&1 ||
		fail "the keytool command certcheck gave failed: $cmd"
	expect_entries "$I/real.p12 trust $ROOT" --password-file "$I/storepass" "$I/real.p12"
	ok "keytool: a real JKS refused, converted with the command given, read as a trust store"
else
	ok "# SKIP keytool not installed (a JDK is not among scripts/deps)"
fi

# --- --password-file decrypts an encrypted client key (PEM PKCS#8 and
# traditional PEM).
openssl pkcs8 -topk8 -in "$M/client.key" -passout pass:s3cret -out "$I/client-pkcs8.key"
grep -q 'BEGIN ENCRYPTED PRIVATE KEY' "$I/client-pkcs8.key" || fail "openssl pkcs8 -topk8"
port=$(free_port)
s_server "$port" -Verify 1 -CAfile "$M/ca.crt" -cert "$G/server.crt" -key "$G/server.key" \
	-cert_chain "$G/ca.crt"
run connect --format json --cert "$M/client-chain.pem" --key "$I/client-pkcs8.key" \
	--password-file "$I/pass" "127.0.0.1:$port"
expect_status 0 "connect with an encrypted key and its password"
json_expect 'tls["client_cert_sent"]=True'
openssl rsa -in "$M/client.key" -aes256 -passout pass:s3cret -traditional -out "$I/client-trad.key" 2>/dev/null
grep -q 'Proc-Type: 4,ENCRYPTED' "$I/client-trad.key" || fail "openssl rsa -aes256 -traditional"
run connect --format json --cert "$M/client-chain.pem" --key "$I/client-trad.key" \
	--password-file "$I/pass" "127.0.0.1:$port"
expect_status 0 "connect with an encrypted traditional PEM key and its password"
json_expect 'tls["client_cert_sent"]=True'
run connect --cert "$M/client-chain.pem" --key "$I/client-pkcs8.key" "127.0.0.1:$port"
expect_status 2 "an encrypted key without --password-file"
expect_err "$I/client-pkcs8.key: cannot load the private key: Decryption has failed. (an encrypted key: give its password with --password-file FILE)"
run connect --cert "$M/client-chain.pem" --key "$I/client-pkcs8.key" --password-file "$I/wrong" \
	"127.0.0.1:$port"
expect_status 2 "an encrypted key with the wrong password"
expect_err "(wrong password in --password-file?)"
ok "connect --key with an encrypted PKCS#8 or traditional PEM key and --password-file"

# --- kubeconfig (kubectl config view --raw): cluster CAs as trust, user
# certificates as chains; file paths noted; key data never decoded.
b64() { base64 -w0 "$@"; }
cat >"$I/kubeconfig" <<YAML
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: $(b64 "$W/root-cert.pem")
    server: https://127.0.0.1:6443
  name: kind-mesh
- cluster:
    certificate-authority: /home/me/.minikube/ca.crt
    server: https://192.168.49.2:8443
  name: minikube
contexts:
- context:
    cluster: kind-mesh
    user: kind-mesh
  name: kind-mesh
current-context: kind-mesh
kind: Config
preferences: {}
users:
- name: kind-mesh
  user:
    client-certificate-data: $(cat "$W/workload-cert.pem" "$W/ca-cert.pem" | b64)
    client-key-data: $(b64 "$W/workload-key.pem")
- name: token
  user:
    token: not-a-certificate
YAML
expect_entries "cluster/kind-mesh trust $ROOT
user/kind-mesh chain $LEAF|$INTER" "$I/kubeconfig"
json_expect 'src["format"]=kubeconfig' \
	'src["notes"]'"=['$I/kubeconfig: line 8: cluster/minikube: certificate-authority names the file /home/me/.minikube/ca.crt, which certcheck does not follow (give that file as a SOURCE)']"
run verify --at "$AT" --root "$I/kubeconfig#cluster/kind-mesh" "$I/kubeconfig#user/kind-mesh"
expect_status 0 "verify a kubeconfig user's certificate to its cluster CA"
run check --at "$AT" --expect-root "$W/root-cert.pem" --min-valid 12h "$I/kubeconfig"
expect_status 0 "check on a kubeconfig"
run split -d "$T/kcsplit" "$I/kubeconfig#user/kind-mesh"
expect_status 0
cmp -s "$T/kcsplit/cert-1.pem" "$W/workload-cert.pem" || fail "split of a kubeconfig user"
ok "kubeconfig: cluster/NAME trust, user/NAME chain, file paths noted; verify, check, split"

# --- webhook configuration and APIService caBundles
cat >"$I/webhook.yaml" <<YAML
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: istio-validator-istio-system
webhooks:
- admissionReviewVersions: [v1]
  clientConfig:
    caBundle: $(b64 "$W/root-cert.pem")
    service:
      name: istiod
      namespace: istio-system
      path: /validate
  name: rev.validation.istio.io
  sideEffects: None
YAML
expect_entries "istio-validator-istio-system/webhooks[0].clientConfig.caBundle trust $ROOT" "$I/webhook.yaml"
json_expect 'src["format"]=json-yaml'
run roots "$I/webhook.yaml" "$I/kubeconfig#cluster/kind-mesh"
expect_status 0 "roots: the webhook's caBundle and the kubeconfig CA are one root"
ok "a ValidatingWebhookConfiguration's caBundle, named by key path, as trust"

# --- helm template: a Secret, a Deployment, a cert-manager Certificate
# and a MutatingWebhookConfiguration in one stream.
cat >"$I/helm.yaml" <<YAML
---
# Source: web/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: web-tls
  namespace: web
type: kubernetes.io/tls
data:
  ca.crt: $(b64 "$G/ca.crt")
  tls.crt: $(cat "$G/server.crt" "$G/ca.crt" | b64)
  tls.key: $(b64 "$G/server.key")
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: web
spec:
  template:
    spec:
      containers:
      - image: nginx
        name: web
---
# Source: web/templates/certificate.yaml
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
  namespace: web
spec:
  dnsNames: [web.example]
  issuerRef: {kind: ClusterIssuer, name: ca}
  secretName: web-tls
---
# Source: web/templates/webhook.yaml
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: web-injector
webhooks:
- clientConfig:
    caBundle: $(b64 "$G/ca.crt")
  name: inject.web.example
YAML
run show --at "$AT" --format json "$I/helm.yaml"
expect_status 0 "helm template stream"
[ "$(jq -r '.sources[0].entries[] | "\(.name) \(.role) \(.certificates | length)"' "$T/out")" = "web/web-tls/ca.crt trust 1
web/web-tls/tls.crt chain 2
web-injector/webhooks[0].clientConfig.caBundle trust 1" ] || fail "helm stream entries: $(jq -c '[.sources[0].entries[].name]' "$T/out")"
json_expect 'src["notes"]'"=['$I/helm.yaml: document 2: a Deployment (web/web) holds no certificate; skipped', '$I/helm.yaml: document 3: a Certificate (web/web) holds no certificate; skipped']"
run verify --at "$AT" --root "$I/helm.yaml#web-injector" "$I/helm.yaml#web/web-tls/tls.crt"
expect_status 0 "verify a stream's Secret chain to a webhook caBundle"
# A List skips its other objects by the same rule.
python3 -c 'import sys,json; print(json.dumps({"apiVersion": "v1", "kind": "List", "items": [
	    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "web"}},
	    {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration",
	     "metadata": {"name": "web-injector"}, "webhooks": [{"clientConfig": {"caBundle": sys.argv[1]}}]}]}))' \
		"$(b64 "$G/ca.crt")" >"$I/list.yaml"
run show --format json "$I/list.yaml"
expect_status 0 "a List of mixed objects"
jq -e '[.sources[0].entries[].name] | index("web-injector/webhooks[0].clientConfig.caBundle") != null' "$T/out" >/dev/null ||
	fail "the List's webhook caBundle was not read"
jq -e '[.sources[0].notes[] | select(test("a Deployment \\(web/web\\) holds no certificate; skipped"))] | length == 1' \
	"$T/out" >/dev/null || fail "the List's Deployment was not noted"
ok "helm template stream: the Secret and webhook read, Deployment and Certificate noted; a List the same"

# --- Vault pki/issue (JSON, PEM with \n escapes) and Helm values (YAML | blocks)
jq -n --arg c "$(cat "$W/workload-cert.pem")" --arg i "$(cat "$W/ca-cert.pem")" \
	--arg r "$(cat "$W/root-cert.pem")" --arg k "$(cat "$W/workload-key.pem")" \
	'{request_id: "0b1c", lease_id: "", renewable: false, data: {certificate: $c,
	  issuing_ca: $i, ca_chain: [$i, $r], private_key: $k, private_key_type: "rsa",
	  serial_number: "39:dd:2e"}, warnings: null}' >"$I/vault.json"
expect_entries "data.certificate chain $LEAF
data.issuing_ca trust $INTER
data.ca_chain trust $INTER|$ROOT" "$I/vault.json"
run verify --at "$AT" --root "$I/vault.json#data.ca_chain" "$I/vault.json"
expect_status 0 "verify a Vault leaf to its ca_chain"
run split -d "$T/vsplit" "$I/vault.json#data.ca_chain"
expect_status 0
cmp -s "$T/vsplit/cert-2.pem" "$W/root-cert.pem" || fail "split of Vault's ca_chain"
{
	echo "gateway:"
	echo "  tls:"
	echo "    crt: |"
	sed 's/^/      /' "$G/server.crt" "$G/ca.crt"
	echo "    key: |"
	sed 's/^/      /' "$G/server.key"
	echo "  caBundle: $(b64 "$G/ca.crt")"
} >"$I/values.yaml"
expect_entries "gateway.tls.crt chain $(jq -r '.sources[0].entries[0].certificates[0].subject' <("$CERTCHECK" show --format json "$G/server.crt"))|$(jq -r '.sources[0].entries[0].certificates[0].subject' <("$CERTCHECK" show --format json "$G/ca.crt"))
gateway.caBundle trust $(jq -r '.sources[0].entries[0].certificates[0].subject' <("$CERTCHECK" show --format json "$G/ca.crt"))" "$I/values.yaml"
ok "Vault pki/issue JSON and Helm values: entries by key path, keys skipped"

printf '{"hello": "world", "caBundle": ""}\n' >"$I/nothing.json"
run show "$I/nothing.json"
expect_status 2 "a JSON document without certificates"
expect_err "certcheck: $I/nothing.json: no certificate found: an object without \"kind\", not a dump certcheck knows"
ok "a JSON document without any certificate is exit 2"
