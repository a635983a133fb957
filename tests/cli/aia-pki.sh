# aia-pki.sh: sourced by the tests of verify --ocsp and --fetch-intermediates
# (after lib.sh).  make_aia_pki DIR OCSP_PORT HTTP_PORT makes, with openssl:
#   root.crt        CN=AIA Test Root (self-signed)
#   inter.crt       CN=AIA Test Intermediate, issued by the root; its AIA
#                   caIssuers is http://127.0.0.1:HTTP_PORT/root.der
#   inter2.crt      CN=AIA Test Issuing CA, issued by inter.crt; caIssuers
#                   http://127.0.0.1:HTTP_PORT/inter.der
#   leaf-NAME.crt   CN=NAME.test, serverAuth, issued by inter.crt, with AIA
#                   OCSP http://127.0.0.1:OCSP_PORT/ and caIssuers
#                   http://127.0.0.1:HTTP_PORT/PATH for each NAME:PATH below;
#                   leaf-deep.crt is issued by inter2.crt instead
# and the bodies the caIssuers server serves from DIR/www: inter.der (DER),
# inter.p7c (PKCS#7 certs-only, DER), inter.pem, inter2.der, big.der (2 MiB).
make_aia_pki() {
	local d=$1 oport=$2 hport=$3 name path serial=4096
	mkdir -p "$d/www"
	cat >"$d/ext.cnf" <<EOF
[inter]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
authorityInfoAccess=caIssuers;URI:\${ENV::CAISSUERS}
[leaf]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:\${ENV::LEAFNAME}
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
authorityInfoAccess=OCSP;URI:http://127.0.0.1:$oport/,caIssuers;URI:\${ENV::CAISSUERS}
EOF
	aia_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
	aia_key "$d/root.key"
	openssl req -x509 -new -key "$d/root.key" -subj "/CN=AIA Test Root" -days 3650 \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
		-out "$d/root.crt" 2>/dev/null
	# aia_sign NAME ISSUER SECTION SUBJECT: NAME.crt from a fresh key
	aia_sign() {
		aia_key "$d/$1.key"
		openssl req -new -key "$d/$1.key" -subj "$4" -out "$d/$1.csr" 2>/dev/null
		serial=$((serial + 1))
		openssl x509 -req -in "$d/$1.csr" -CA "$d/$2.crt" -CAkey "$d/$2.key" -set_serial "$serial" \
			-days 365 -extfile "$d/ext.cnf" -extensions "$3" -out "$d/$1.crt" 2>/dev/null ||
			fail "openssl could not sign $1"
	}
	LEAFNAME=- CAISSUERS=http://127.0.0.1:$hport/root.der aia_sign inter root inter "/CN=AIA Test Intermediate"
	LEAFNAME=- CAISSUERS=http://127.0.0.1:$hport/inter.der aia_sign inter2 inter inter "/CN=AIA Test Issuing CA"
	for name in good:inter.der revoked:inter.der p7:inter.p7c pem:inter.pem missing:missing.der \
		big:big.der; do
		path=${name#*:} name=${name%%:*}
		LEAFNAME=$name.test CAISSUERS=http://127.0.0.1:$hport/$path \
			aia_sign "leaf-$name" inter leaf "/CN=$name.test"
	done
	LEAFNAME=deep.test CAISSUERS=http://127.0.0.1:$hport/inter2.der \
		aia_sign leaf-deep inter2 leaf "/CN=deep.test"
	openssl x509 -in "$d/inter.crt" -outform DER -out "$d/www/inter.der"
	openssl x509 -in "$d/inter2.crt" -outform DER -out "$d/www/inter2.der"
	openssl x509 -in "$d/root.crt" -outform DER -out "$d/www/root.der"
	cp "$d/inter.crt" "$d/www/inter.pem"
	openssl crl2pkcs7 -nocrl -certfile "$d/inter.crt" -outform DER -out "$d/www/inter.p7c"
	head -c $((2 << 20)) /dev/zero >"$d/www/big.der"
}

# cert_serial FILE: the serial as openssl prints it (uppercase hex).
cert_serial() {
	openssl x509 -in "$1" -noout -serial | cut -d= -f2
}
