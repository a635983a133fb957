# gateway-staples.sh: sourced by the tests of stapled OCSP responses (after
# lib.sh).  make_gateway_staples: openssl ocsp answers a request for the
# gateway fixture's leaf ($G/server.crt, serial in $serial) from an index,
# into $T/good.der (signed by its CA), $T/revoked.der (revoked
# 2026-03-01T12:00:00Z, superseded) and $T/other.der (good, but signed by
# another CA), each valid 7 days from now.
G=$FIXTURES/gateway
make_gateway_staples() {
	serial=$(openssl x509 -in "$G/server.crt" -noout -serial | cut -d= -f2)
	# index.txt of openssl ca: status, expiry, revocation time[,reason], serial, file, subject.
	printf 'V\t301231000000Z\t\t%s\tunknown\t/CN=x\n' "$serial" >"$T/index-good.txt"
	printf 'R\t301231000000Z\t260301120000Z,superseded\t%s\tunknown\t/CN=x\n' "$serial" >"$T/index-revoked.txt"
	openssl ocsp -issuer "$G/ca.crt" -cert "$G/server.crt" -no_nonce -reqout "$T/req.der" 2>/dev/null
	local name index signer
	for name in good:good:ca revoked:revoked:ca other:good:backend-default-ca; do
		IFS=: read -r name index signer <<<"$name"
		openssl ocsp -index "$T/index-$index.txt" -rsigner "$G/$signer.crt" -rkey "$G/$signer.key" \
			-CA "$G/ca.crt" -reqin "$T/req.der" -respout "$T/$name.der" -ndays 7 >/dev/null 2>&1 ||
			fail "openssl ocsp could not make $name"
	done
}
