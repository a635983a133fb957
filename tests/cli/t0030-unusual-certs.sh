#!/usr/bin/env bash
# Certificates made at test time with openssl that GnuTLS reads differently
# from OpenSSL: a negative serial (RFC 5280 forbids it), a T61String
# (Latin-1) CN, and brainpool keys, which GnuTLS 3.7 cannot use.  show must
# print them as OpenSSL does and never pretend to a verdict it cannot reach.
. "$TESTS_DIR/cli/lib.sh"

cat >"$T/req.cnf" <<'CNF'
[req]
distinguished_name = dn
# "default" lets openssl pick T61String for a name that fits Latin-1.
string_mask = default
[dn]
CNF
make_cert() { # OUT SUBJ SERIAL CURVE
	openssl req -x509 -config "$T/req.cnf" -utf8 -newkey ec -pkeyopt "ec_paramgen_curve:$4" \
		-keyout "$T/$1.key" -nodes -out "$T/$1.pem" -subj "$2" -set_serial "$3" \
		-days 3650 2>/dev/null || fail "openssl could not make $1"
}

# A negative serial, as openssl prints it.
make_cert neg "/CN=negative.test" -0xEF P-256
want=$(openssl x509 -in "$T/neg.pem" -noout -serial | sed 's/^serial=//')
[ "$want" = -EF ] || fail "openssl made serial $want, not -EF"
openssl x509 -in "$T/neg.pem" -noout -text | grep -qF 'Serial Number: -239 (-0xef)' ||
	fail "openssl -text does not read the serial as -0xef"
run show "$T/neg.pem"
expect_status 0
expect_out "Serial:             -ef"
expect_no_out "ff11"
expect_out "warning certificate 1 (CN=negative.test) has a negative serial number (-ef): RFC 5280 requires a positive one"
run show --format json "$T/neg.pem"
json_expect 'src["entries"][0]["certificates"][0]["serial"]=-ef' \
	'[f["severity"] for f in src["entries"][0]["findings"] if f["code"] == "negative_serial"]=['"'"'warning'"'"']'
# A positive serial whose first byte has the high bit set is still positive.
make_cert pos "/CN=positive.test" 0xEF P-256
run show "$T/pos.pem"
expect_out "Serial:             ef"
expect_no_out "negative_serial"
expect_no_out "negative serial"
ok "a negative serial prints as openssl prints it (-ef), with a negative_serial finding"

# A T61String CN: openssl reads it as Latin-1.
make_cert t61 "/O=Acme/CN=Müller, Ärzte" 1 P-256
openssl asn1parse -in "$T/t61.pem" | grep -q 'T61STRING' || fail "openssl made no T61String"
openssl x509 -in "$T/t61.pem" -noout -subject -nameopt esc_2253,utf8,sep_comma_plus | grep -qF 'CN=Müller\, Ärzte' ||
	fail "openssl does not read the T61String as Latin-1"
run show "$T/t61.pem"
expect_status 0
expect_out 'Subject:            O=Acme,CN=Müller\, Ärzte'
expect_out 'Issuer:             O=Acme,CN=Müller\, Ärzte'
expect_no_out '\#'
run show --format json "$T/t61.pem"
json_expect 'src["entries"][0]["certificates"][0]["subject"]=O=Acme,CN=Müller\, Ärzte'
ok "a T61String CN is shown decoded from Latin-1, as openssl does"

# brainpool: a self-signed root and a leaf it issued.
make_cert bp "/CN=Brainpool Root" 7 brainpoolP256r1
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/leaf.key" \
	-subj /CN=leaf.test -addext subjectAltName=DNS:leaf.test -out "$T/leaf.csr" 2>/dev/null
openssl x509 -req -in "$T/leaf.csr" -CA "$T/bp.pem" -CAkey "$T/bp.key" -set_serial 8 -days 3650 \
	-copy_extensions copy -out "$T/leaf.pem" 2>/dev/null || fail "openssl could not sign the leaf"
cat "$T/leaf.pem" "$T/bp.pem" >"$T/bp-chain.pem"
run show "$T/bp.pem"
expect_status 0
expect_out "Public key:         EC brainpoolP256r1: curve not supported by GnuTLS; signatures not checked"
expect_out "certificate 1 (CN=Brainpool Root) names itself as its issuer, but its signature could not be checked (brainpoolP256r1: curve not supported by GnuTLS)"
expect_no_out "unknown 0 bits"
expect_out "SPKI pin:           unavailable (GnuTLS cannot read the key)"
expect_no_out "not in the chain"
run show "$T/bp-chain.pem"
expect_status 0
expect_out "certificate 1 (CN=leaf.test) names certificate 2 (CN=Brainpool Root) as its issuer, but its signature could not be checked (brainpoolP256r1: curve not supported by GnuTLS)"
expect_no_out "does not verify"
expect_no_out "not in the chain"
run show --format json "$T/bp-chain.pem"
json_expect 'src["entries"][0]["certificates"][1]["key"]={'"'"'type'"'"': '"'"'EC'"'"', '"'"'bits'"'"': 256, '"'"'curve'"'"': '"'"'brainpoolP256r1'"'"', '"'"'unsupported'"'"': '"'"'brainpoolP256r1: curve not supported by GnuTLS'"'"'}' \
	'src["entries"][0]["certificates"][0]["key"]["unsupported"]=None' \
	'[f["code"] for f in src["entries"][0]["findings"] if f["severity"] != "ok"].count("signature_unchecked")=2'
for curve in brainpoolP384r1 brainpoolP512r1; do
	make_cert "$curve" "/CN=$curve" 9 "$curve"
	run show "$T/$curve.pem"
	expect_out "Public key:         EC $curve: curve not supported by GnuTLS; signatures not checked"
done
ok "brainpool keys: named as unsupported by GnuTLS, links and self-signature unchecked, no false verdict"
