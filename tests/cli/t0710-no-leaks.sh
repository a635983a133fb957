#!/usr/bin/env bash
# No private key material reaches any output.  Every input holding a key
# (keys beside their certificates, a key in CERTIFICATE armour, key-only
# files, and dumps: Istio's cacerts with ca-key.pem, Secrets with tls.key,
# an Envoy dump with an unredacted private_key) goes through every command
# and format in COMMANDS; connect runs against an openssl s_server, with and
# without a client certificate and key.  Then nothing written (stdout,
# stderr, files) may hold any key's DER, any of its secret numbers (raw, or
# in hex as openssl or certcheck would print them), its PEM BEGIN/END
# lines, any of its base64 lines, or the base64 a dump carries it in.
#
# To extend: add templates to COMMANDS and files to INPUTS.
. "$TESTS_DIR/cli/lib.sh"

# @IN is the input's path (no @IN: the input comes on stdin); @DIR a new
# directory whose files are checked as output too.
COMMANDS=(
	"show @IN"
	"show --format json @IN"
	"show --pem @IN"
	"show -"
	"split -d @DIR @IN"
	"split --prefix x -d @DIR -"
)
# The commands that read a file as the others do, once per kind of input:
# for every dump and special input, and the first key of each fixture
# directory (each PKI meets them), so the test stays quick (under ASan
# too).
VERDICT_COMMANDS=(
	"check --at @EPOCH --min-valid 1d --expect-root @IN @IN"
	"check --at @EPOCH --format json --same-root @IN"
	"verify @IN"
	"verify --at @EPOCH --root @IN --format json @IN"
	"diff @IN @IN"
	"diff --format json @IN @IN"
	"roots @IN"
	"roots --format json @IN"
)
AT=@1767225600   # 2026-01-01T00:00:00Z, fixtures/README.md

# Inputs, each with the status every command must give: 0 when it holds a
# certificate (check, verify and roots: 0 or 1, a verdict), 2 when only a
# key.
# A third argument "some" runs only COMMANDS on the input.
INPUTS=()
STATUS=()
ALL=()
add_input() {
	INPUTS+=("$1")
	STATUS+=("$2")
	ALL+=("${3:-all}")
}
add_input "$FIXTURES/formats/chain-with-key.pem" 0
add_input "$FIXTURES/bad/key-only.pem" 2
add_input "$TESTS_DIR/bad-inputs/key-under-cert-label.pem" 2
# Every key of the fixtures beside its certificate, after and before it
# in turn.
mkdir "$T/in"
KEYS=()
declare -A SEEN_DIR
while IFS= read -r key; do
	case $key in
	*-key.pem) cert=${key%-key.pem}-cert.pem ;;
	*.key) cert=${key%.key}.crt ;;
	esac
	[ -f "$cert" ] || continue
	KEYS+=("$key")
	name=$(echo "${key#"$FIXTURES"/}" | tr / _)
	if [ $((${#KEYS[@]} % 2)) -eq 0 ]; then
		cat "$cert" "$key" >"$T/in/$name.pem"
	else
		cat "$key" "$cert" >"$T/in/$name.pem"
	fi
	dir=$(dirname "$key")
	if [ -z "${SEEN_DIR[$dir]:-}" ]; then
		SEEN_DIR[$dir]=1
		add_input "$T/in/$name.pem" 0
	else
		add_input "$T/in/$name.pem" 0 some
	fi
done < <(find "$FIXTURES" \( -name '*-key.pem' -o -name '*.key' \) | sort)
[ "${#KEYS[@]}" -ge 30 ] || fail "only ${#KEYS[@]} keys with a certificate found"

# Dumps holding keys: fixtures/dumps/gen.sh's (cacerts with ca-key.pem,
# Secrets with tls.key, Envoy dumps with redacted keys), and what it does
# not make: a cert-manager Secret and an Envoy dump whose private_key is
# the key itself, inline.
"$FIXTURES/dumps/gen.sh" "$T/dumps"
n_dumps=0
while IFS= read -r f; do
	if grep -qE 'ca-key\.pem|tls\.key|private_key|privateKey' "$f"; then
		add_input "$f" 0
		n_dumps=$((n_dumps + 1))
	fi
done < <(find "$T/dumps" -type f | sort)
[ "$n_dumps" -ge 5 ] || fail "only $n_dumps dumps from gen.sh hold a key"
b64() { base64 -w0 "$@"; }
G=$FIXTURES/gateway
cat >"$T/in/cert-manager-secret.yaml" <<EOF
apiVersion: v1
kind: Secret
metadata:
  annotations:
    cert-manager.io/certificate-name: gateway
    cert-manager.io/issuer-kind: ClusterIssuer
    cert-manager.io/issuer-name: my-ca
  name: gateway-tls
  namespace: istio-ingress
type: kubernetes.io/tls
data:
  ca.crt: $(b64 "$G/ca.crt")
  tls.crt: $(cat "$G/server.crt" "$G/ca.crt" | b64)
  tls.key: $(b64 "$G/server.key")
EOF
add_input "$T/in/cert-manager-secret.yaml" 0
W=$FIXTURES/istio/cluster1
SECRET=type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret
jq -n --arg type "$SECRET" --arg chain "$(cat "$W/workload-cert.pem" "$W/ca-cert.pem" | b64)" \
	--arg key "$(b64 "$W/workload-key.pem")" --arg root "$(b64 "$W/root-cert.pem")" '{
	configs: [{"@type": "type.googleapis.com/envoy.admin.v3.SecretsConfigDump",
	  dynamic_active_secrets: [
	    {name: "default", secret: {"@type": $type, name: "default",
	      tls_certificate: {certificate_chain: {inline_bytes: $chain},
	                        private_key: {inline_bytes: $key}}}},
	    {name: "ROOTCA", secret: {"@type": $type, name: "ROOTCA",
	      validation_context: {trusted_ca: {inline_bytes: $root}}}}]}]}' \
	>"$T/in/envoy-unredacted-key.json"
add_input "$T/in/envoy-unredacted-key.json" 0
# PKCS#12 (issue 16): the key bag encrypted (openssl's default), in the
# clear (-keypbe NONE -certpbe NONE: the key's DER is in the file), and
# alone; all with the empty password, so every command opens them.
openssl pkcs12 -export -in "$W/workload-cert.pem" -inkey "$W/workload-key.pem" \
	-certfile "$W/ca-cert.pem" -passout pass: -out "$T/in/keystore.p12"
add_input "$T/in/keystore.p12" 0
openssl pkcs12 -export -in "$W/workload-cert.pem" -inkey "$W/workload-key.pem" \
	-keypbe NONE -certpbe NONE -passout pass: -out "$T/in/keystore-clear.p12"
add_input "$T/in/keystore-clear.p12" 0
openssl pkcs12 -export -nocerts -inkey "$W/workload-key.pem" -passout pass: \
	-out "$T/in/key-only.p12" 2>/dev/null
add_input "$T/in/key-only.p12" 2
# kubeconfig (client-key-data), Vault's pki/issue (private_key), Helm
# values (a key under |, and one beside a certificate under a neutral
# name) and a helm-template stream (tls.key beside a Deployment): the
# readers of issue 16.
cat >"$T/in/kubeconfig" <<EOF
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: $(b64 "$W/root-cert.pem")
  name: c
kind: Config
users:
- name: u
  user:
    client-certificate-data: $(b64 "$W/workload-cert.pem")
    client-key-data: $(b64 "$W/workload-key.pem")
EOF
add_input "$T/in/kubeconfig" 0
jq -n --arg c "$(cat "$W/workload-cert.pem")" --arg r "$(cat "$W/root-cert.pem")" \
	--arg k "$(cat "$W/workload-key.pem")" \
	'{data: {certificate: $c, issuing_ca: $r, ca_chain: [$r], private_key: $k}}' >"$T/in/vault.json"
add_input "$T/in/vault.json" 0
{
	echo "tls:"
	echo "  cert: |"
	sed 's/^/    /' "$G/server.crt"
	echo "  key: |"
	sed 's/^/    /' "$G/server.key"
	echo "  bundle: |"
	sed 's/^/    /' "$G/server.key" "$G/ca.crt"
} >"$T/in/values.yaml"
add_input "$T/in/values.yaml" 0
{
	echo "---"
	cat "$T/in/cert-manager-secret.yaml"
	printf -- '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n'
} >"$T/in/helm-stream.yaml"
add_input "$T/in/helm-stream.yaml" 0

mkdir "$T/outs"
runs=0
for i in "${!INPUTS[@]}"; do
	in=${INPUTS[$i]}
	cmds=("${COMMANDS[@]}")
	[ "${ALL[$i]}" = some ] || cmds+=("${VERDICT_COMMANDS[@]}")
	for c in "${cmds[@]}"; do
		runs=$((runs + 1))
		o=$T/outs/$runs
		cmd=${c//@DIR/$o.dir}
		cmd=${cmd//@EPOCH/$AT}
		read -ra args <<<"${cmd//@IN/$in}"
		set +e
		if [[ $c == *@IN* ]]; then
			"$CERTCHECK" "${args[@]}" >"$o.out" 2>"$o.err"
		else
			"$CERTCHECK" "${args[@]}" <"$in" >"$o.out" 2>"$o.err"
		fi
		STATUS_GOT=$?
		set -e
		want=${STATUS[$i]}
		# check, verify and roots give a verdict: 1 is a failed check, a
		# chain that does not validate, a source without a root.
		if [[ $c == check* || $c == verify* || $c == roots* ]] && [ "$want" -eq 0 ] && [ "$STATUS_GOT" -eq 1 ]; then
			want=1
		fi
		[ "$STATUS_GOT" -eq "$want" ] ||
			fail "certcheck $cmd on $in: exit $STATUS_GOT, expected ${STATUS[$i]}: $(cat "$o.err")"
		if [ "${STATUS[$i]}" -eq 0 ] && [ ! -s "$o.out" ]; then
			fail "certcheck $cmd on $in: printed nothing"
		fi
	done
done
ok "$runs runs: ${#INPUTS[@]} inputs x ${#COMMANDS[@]} commands (+${#VERDICT_COMMANDS[@]} for some), exit status as expected"

# connect: the server's key and, for mTLS, the client's must not show.
M=$FIXTURES/mtls
port=$(free_port)
s_server "$port" -Verify 1 -CAfile "$M/ca.crt" -cert "$G/server.crt" -key "$G/server.key" \
	-cert_chain "$G/ca.crt"
CONNECT=(
	"connect 127.0.0.1:$port"
	"connect --format json 127.0.0.1:$port"
	"connect --pem 127.0.0.1:$port"
	"connect --cert $M/client-chain.pem --key $M/client.key 127.0.0.1:$port"
	"connect --cert $M/client-chain.pem --key $M/client.key --format json 127.0.0.1:$port"
	"connect --cert $M/client-chain.pem --key $M/client.key --pem 127.0.0.1:$port"
	"check --cert $M/client-chain.pem --key $M/client.key --at $AT --min-valid 1d tls://127.0.0.1:$port"
	"check --cert $M/client-chain.pem --key $M/client.key --format json --expect-root $G/ca.crt tls://127.0.0.1:$port"
	"verify --root $G/ca.crt tls://127.0.0.1:$port"
	"verify --format json tls://127.0.0.1:$port"
	"show --pem tls://127.0.0.1:$port"
	"roots tls://127.0.0.1:$port"
	"connect --cert $M/client-chain.pem --key $T/client-enc.key --password-file $T/client-pass 127.0.0.1:$port"
	"check --cert $M/client-chain.pem --key $T/client-enc.key --password-file $T/client-pass --format json --at $AT --min-valid 1d tls://127.0.0.1:$port"
)
# An encrypted client key: neither the key nor its password may show.
PASSWORD=never-print-this-p4ss
echo "$PASSWORD" >"$T/client-pass"
openssl pkcs8 -topk8 -in "$M/client.key" -passout "pass:$PASSWORD" -out "$T/client-enc.key"
for c in "${CONNECT[@]}"; do
	runs=$((runs + 1))
	o=$T/outs/$runs
	read -ra args <<<"$c"
	set +e
	"$CERTCHECK" "${args[@]}" >"$o.out" 2>"$o.err"
	STATUS_GOT=$?
	set -e
	[ "$STATUS_GOT" -le 1 ] || fail "certcheck $c: exit $STATUS_GOT: $(cat "$o.err")"
	[ -s "$o.out" ] || fail "certcheck $c: printed nothing"
done
! grep -rqF "$PASSWORD" "$T/outs" || fail "the --password-file password is in an output"
ok "${#CONNECT[@]} runs of connect, check, verify and show against s_server (with and without a client key)"

# Every key: the fixtures' keys, and the key blocks of the special inputs.
printf '%s\n' "${KEYS[@]}" "$FIXTURES/formats/chain-with-key.pem" "$FIXTURES/bad/key-only.pem" \
	"$TESTS_DIR/bad-inputs/key-under-cert-label.pem" >"$T/keys"
# Every key the dumps above were built from is a fixture key, so in KEYS.
for k in "$G/server.key" "$W/workload-key.pem" "$M/client.key" "$FIXTURES/istio/cluster2/ca-key.pem"; do
	grep -qxF "$k" "$T/keys" || fail "$k (in a dump or used by connect) is not among the keys checked"
done
python3 - "$T/keys" "$T/outs" "$FIXTURES" <<'PY' || fail "key material in the output (see above)"
import base64, os, re, subprocess, sys

keys_file, outs, fixtures = sys.argv[1:]
BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----\r?\n(.*?)-----END \1-----", re.S)

def blocks(text):
    return [(m.group(0), m.group(1), m.group(2)) for m in BLOCK.finditer(text)]

# Base64 lines of certificates are public: a key line that equals one
# (the modulus is in both) proves nothing.
public_lines = set()
for root, _, files in os.walk(fixtures):
    for f in files:
        try:
            text = open(os.path.join(root, f), encoding="ascii").read()
        except (UnicodeDecodeError, OSError):
            continue
        for _, label, body in blocks(text):
            if "KEY" not in label:
                public_lines.update(l.strip() for l in body.splitlines())

secrets = {}  # bytes -> what it is
for path in open(keys_file).read().split("\n"):
    if not path:
        continue
    text = open(path).read()
    for whole, label, body in blocks(text):
        if path.endswith("key-under-cert-label.pem"):
            label = "PRIVATE KEY"  # the key in CERTIFICATE armour
        elif "PRIVATE KEY" not in label:
            continue
        name = f"{os.path.basename(path)} ({label})"
        lines = [l.strip() for l in body.splitlines() if l.strip()]
        der = base64.b64decode("".join(lines))
        secrets[der] = f"{name}: DER"
        # As a dump carries a key file: its base64, on one line.
        if "PRIVATE KEY" in text.split("\n", 1)[0]:
            dumped = base64.b64encode(text.encode()).decode()
            secrets[dumped.encode()] = f"{name}: the dump's base64"
            secrets[dumped[:64].encode()] = f"{name}: the dump's base64 (start)"
        for l in whole.splitlines():
            if l.startswith("-----") and "KEY" in l:
                secrets[l.encode()] = f"{name}: PEM line {l}"
        for l in lines:
            if len(l) >= 16 and l not in public_lines:
                secrets[l.encode()] = f"{name}: base64 line {l}"
        pem = "-----BEGIN PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END PRIVATE KEY-----\n"
        dump = subprocess.run(["openssl", "pkey", "-text", "-noout"], input=pem.encode(),
                              capture_output=True, check=True).stdout.decode()
        # The private numbers: RSA's exponent, primes and CRT values, EC's priv.
        for field, hexdata in re.findall(r"^(privateExponent|prime1|prime2|exponent1|exponent2|coefficient|priv):\n((?:\s+[0-9a-f:]+\n)+)", dump, re.M):
            value = bytes.fromhex(re.sub(r"[\s:]", "", hexdata)).lstrip(b"\0")
            if len(value) < 16:
                continue
            h = value.hex()
            for form in (value, h.encode(), h.upper().encode(), ":".join(re.findall("..", h)).encode()):
                secrets[form] = f"{name}: {field}"

assert len(secrets) > 500, f"only {len(secrets)} secrets"
leaks = []
for root, _, files in os.walk(outs):
    for f in files:
        data = open(os.path.join(root, f), "rb").read()
        for s, what in secrets.items():
            if s in data:
                leaks.append(f"{os.path.join(root, f)}: {what}")
for l in leaks[:20]:
    print("LEAK:", l, file=sys.stderr)
sys.exit(1 if leaks else 0)
PY
ok "no key's DER, secret numbers, PEM lines or base64 lines in any output or written file"
