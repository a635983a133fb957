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
PY
# A PKCS#7 with no certificate (37 bytes, a short-form DER length).
openssl crl2pkcs7 -nocrl -outform DER -out empty.p7b
