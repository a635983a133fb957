#!/usr/bin/env bash
# No private key material reaches any output.  Every input holding a key
# (keys beside their certificates, a key in CERTIFICATE armour, key-only
# files) goes through every command and format in COMMANDS; then nothing
# written (stdout, stderr, files) may hold the key's DER, any of its
# secret numbers (raw, or in hex as openssl or certcheck would print them),
# its PEM BEGIN/END lines, or any of its base64 lines.
#
# To extend: add templates to COMMANDS (connect, check, dumps' commands)
# and files to INPUTS (dumps with redacted or inline keys, Kubernetes
# Secrets with tls.key).
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

# Inputs, each with the status every command must give: 0 when it holds a
# certificate, 2 when only a key.
INPUTS=()
STATUS=()
add_input() {
	INPUTS+=("$1")
	STATUS+=("$2")
}
add_input "$FIXTURES/formats/chain-with-key.pem" 0
add_input "$FIXTURES/bad/key-only.pem" 2
add_input "$TESTS_DIR/bad-inputs/key-under-cert-label.pem" 2
# Every key of the fixtures beside its certificate, after and before it
# in turn.
mkdir "$T/in"
KEYS=()
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
	add_input "$T/in/$name.pem" 0
done < <(find "$FIXTURES" \( -name '*-key.pem' -o -name '*.key' \) | sort)
[ "${#KEYS[@]}" -ge 30 ] || fail "only ${#KEYS[@]} keys with a certificate found"

mkdir "$T/outs"
runs=0
for i in "${!INPUTS[@]}"; do
	in=${INPUTS[$i]}
	for c in "${COMMANDS[@]}"; do
		runs=$((runs + 1))
		o=$T/outs/$runs
		cmd=${c//@DIR/$o.dir}
		read -ra args <<<"${cmd//@IN/$in}"
		set +e
		if [[ $c == *@IN* ]]; then
			"$CERTCHECK" "${args[@]}" >"$o.out" 2>"$o.err"
		else
			"$CERTCHECK" "${args[@]}" <"$in" >"$o.out" 2>"$o.err"
		fi
		STATUS_GOT=$?
		set -e
		[ "$STATUS_GOT" -eq "${STATUS[$i]}" ] ||
			fail "certcheck $cmd on $in: exit $STATUS_GOT, expected ${STATUS[$i]}: $(cat "$o.err")"
		if [ "${STATUS[$i]}" -eq 0 ] && [ ! -s "$o.out" ]; then
			fail "certcheck $cmd on $in: printed nothing"
		fi
	done
done
ok "$runs runs: ${#INPUTS[@]} inputs x ${#COMMANDS[@]} commands, exit status as expected"

# Every key: the fixtures' keys, and the key blocks of the special inputs.
printf '%s\n' "${KEYS[@]}" "$FIXTURES/formats/chain-with-key.pem" "$FIXTURES/bad/key-only.pem" \
	"$TESTS_DIR/bad-inputs/key-under-cert-label.pem" >"$T/keys"
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
