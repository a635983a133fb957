#!/usr/bin/env bash
# certcheck verify --crl, --max-depth and --profile, on a PKI and CRLs made
# here with `openssl ca` (fixed dates, judged at a fixed --at).
. "$TESTS_DIR/cli/lib.sh"

P=$T/pki
mkdir -p "$P"
AT=2026-01-15T00:00:00Z
START=20260101000000Z
END=20270101000000Z
# the leaf sections read the SAN from the environment, when each config is loaded
export SAN=unused.crl.test

# ca_conf NAME: an `openssl ca` configuration and database for the CA NAME
# ($P/NAME.pem, $P/NAME.key), which also makes its CRLs.
ca_conf() {
	mkdir -p "$P/$1.db"
	: >"$P/$1.db/index.txt"
	echo 1000 >"$P/$1.db/crlnumber"
	echo 01 >"$P/$1.db/serial"
	cat >"$P/$1.conf" <<EOF
[ ca ]
default_ca = this
[ this ]
database = $P/$1.db/index.txt
crlnumber = $P/$1.db/crlnumber
serial = $P/$1.db/serial
new_certs_dir = $P/$1.db
certificate = $P/$1.pem
private_key = $P/$1.key
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
crl_extensions = crl_ext
[ any ]
commonName = supplied
[ crl_ext ]
authorityKeyIdentifier = keyid
[ ca_ext ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ leaf_ext ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:\$ENV::SAN
authorityKeyIdentifier = keyid
EOF
}
# issue CA NAME SUBJECT-CN EXT [SAN]: $P/NAME.pem and $P/NAME.key, signed by
# CA ("-": self-signed), valid 2026-01-01 to 2027-01-01.
issue() {
	local ca=$1 name=$2 cn=$3 ext=$4
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/$name.key" \
		-subj "/CN=$cn" -out "$P/$name.csr" 2>/dev/null
	ca_conf "$name"
	if [ "$ca" = - ]; then
		SAN=${5:-x} openssl ca -batch -rand_serial -config "$P/$name.conf" -selfsign -keyfile "$P/$name.key" \
			-startdate $START -enddate $END -extensions "$ext" -in "$P/$name.csr" -out "$P/$name.pem" \
			-notext 2>"$P/err" || { cat "$P/err" >&2; fail "openssl ca $name"; }
	else
		SAN=${5:-x} openssl ca -batch -rand_serial -config "$P/$ca.conf" -startdate $START -enddate $END \
			-extensions "$ext" -in "$P/$name.csr" -out "$P/$name.pem" -notext 2>"$P/err" ||
			{ cat "$P/err" >&2; fail "openssl ca $name"; }
	fi
}
# crl CA OUT [LAST NEXT]: CA's CRL of what its database says is revoked.
crl() {
	openssl ca -batch -config "$P/$1.conf" -gencrl -crl_lastupdate "${3:-$START}" \
		-crl_nextupdate "${4:-20260201000000Z}" -out "$2" 2>"$P/err" || { cat "$P/err" >&2; fail "gencrl"; }
}

issue - root "CRL Test Root" ca_ext
issue root ica "CRL Test ICA" ca_ext
issue ica revoked "revoked.crl.test" leaf_ext revoked.crl.test
issue ica good "good.crl.test" leaf_ext good.crl.test
openssl ca -batch -config "$P/ica.conf" -revoke "$P/revoked.pem" -crl_reason keyCompromise 2>/dev/null
crl ica "$P/ica.crl"
SERIAL=$(openssl x509 -in "$P/revoked.pem" -noout -serial | sed 's/^serial=//')
openssl crl -in "$P/ica.crl" -noout -text | grep -q "Serial Number: $SERIAL" || fail "openssl did not revoke $SERIAL"
# as certcheck writes serials: lowercase hex
serial=$(echo "$SERIAL" | tr 'A-F' 'a-f')
V=(verify --at "$AT" --root "$P/root.pem" --intermediate "$P/ica.pem" --purpose server)

# Revoked: fails, naming the certificate, its serial and the CRL file.
run "${V[@]}" --crl "$P/ica.crl" "$P/revoked.pem"
expect_status 1
expect_out "error revoked: certificate 1 'CN=revoked.crl.test' (serial $serial) is revoked by the CRL $P/ica.crl"
# as openssl verify -crl_check says
! openssl verify -attime "$(date -u -d 2026-01-15 +%s)" -crl_check -CRLfile "$P/ica.crl" -CAfile "$P/root.pem" \
	-untrusted "$P/ica.pem" "$P/revoked.pem" >/dev/null 2>&1 || fail "openssl accepts the revoked leaf"
run "${V[@]}" "$P/revoked.pem"
expect_status 0
ok "--crl: a revoked leaf fails, naming its serial and the CRL; without --crl it passes"

# Not revoked: passes, with no CRL finding.
run "${V[@]}" --crl "$P/ica.crl" "$P/good.pem"
expect_status 0
expect_no_out "crl_"
# A DER CRL reads the same.
openssl crl -in "$P/ica.crl" -outform DER -out "$P/ica.crl.der"
run "${V[@]}" --crl "$P/ica.crl.der" "$P/revoked.pem"
expect_status 1
expect_out "error revoked: certificate 1 'CN=revoked.crl.test'"
ok "--crl: a leaf the CRL does not list passes; a DER CRL works too"

# The CRL's signature damaged (last byte of the DER): it cannot clear or
# revoke anything, and says so, as openssl verify fails with "CRL signature failure".
python3 -c 'import sys; d=bytearray(open(sys.argv[1],"rb").read()); d[-1]^=1; open(sys.argv[2],"wb").write(d)' \
	"$P/ica.crl.der" "$P/bad-sig.crl"
run "${V[@]}" --crl "$P/bad-sig.crl" "$P/good.pem"
expect_status 1
expect_out "error crl_bad_signature: the CRL $P/bad-sig.crl names certificate 2 'CN=CRL Test ICA' as its issuer, but its signature does not verify with that certificate's key"
run "${V[@]}" --crl "$P/bad-sig.crl" "$P/revoked.pem"
expect_status 1
expect_out "error crl_bad_signature:"
expect_no_out "error revoked"
ok "--crl: a CRL with a bad signature fails the chain with crl_bad_signature"

# A CRL from another issuer (the root's, which lists nothing for the leaf's
# issuer): it applies to no certificate of the path, a warning; the root's
# own CRL applies to the ICA.
crl root "$P/root.crl"
issue - other "Other CA" ca_ext
crl other "$P/other.crl"
run "${V[@]}" --crl "$P/other.crl" "$P/revoked.pem"
expect_status 0
expect_out "warning crl_unused: no certificate of the path was issued by the issuer of the CRL $P/other.crl (issuer 'CN=Other CA')"
run "${V[@]}" --crl "$P/root.crl" --crl "$P/ica.crl" "$P/good.pem"
expect_status 0
expect_no_out "crl_unused"
# The root revokes the ICA: every leaf under it fails, the ICA named.
openssl ca -batch -config "$P/root.conf" -revoke "$P/ica.pem" 2>/dev/null
crl root "$P/root.crl"
run "${V[@]}" --crl "$P/root.crl" "$P/good.pem"
expect_status 1
expect_out "error revoked: certificate 2 'CN=CRL Test ICA' (serial "
ok "--crl: another issuer's CRL warns crl_unused; the root's CRL revokes the intermediate"

# Expired CRL (nextUpdate before --at) and one not yet issued (lastUpdate after).
crl ica "$P/stale.crl" 20251201000000Z 20260110000000Z
run "${V[@]}" --crl "$P/stale.crl" "$P/good.pem"
expect_status 1
expect_out "error crl_not_current: the CRL $P/stale.crl of certificate 2 'CN=CRL Test ICA' is not current at the time checked"
crl ica "$P/future.crl" 20260120000000Z 20260201000000Z
run "${V[@]}" --crl "$P/future.crl" "$P/good.pem"
expect_status 1
expect_out "error crl_not_current: the CRL $P/future.crl"
ok "--crl: an expired CRL and a CRL from the future fail with crl_not_current"

# Bad CRL input: exit 2 naming the file.
echo "not a crl" >"$P/junk.crl"
run "${V[@]}" --crl "$P/junk.crl" "$P/good.pem"
expect_status 2
expect_err "$P/junk.crl"
ok "--crl: a file that is no CRL exits 2 naming it"

# --max-depth: root -> ica -> ica2 -> ica3 -> leaf, three intermediates.
issue ica ica2 "CRL Test ICA 2" ca_ext
issue ica2 ica3 "CRL Test ICA 3" ca_ext
issue ica3 deep "deep.crl.test" leaf_ext deep.crl.test
cat "$P/ica3.pem" "$P/ica2.pem" >"$P/deep-inters.pem"
D=(verify --at "$AT" --root "$P/root.pem" --intermediate "$P/ica.pem" --intermediate "$P/deep-inters.pem")
run "${D[@]}" "$P/deep.pem"
expect_status 0
expect_out "4. CN=CRL Test ICA"
expect_out "5. CN=CRL Test Root  [trust anchor]"
run "${D[@]}" --max-depth 2 "$P/deep.pem"
expect_status 1
expect_out "error depth_exceeded: the path has 3 intermediate(s), more than --max-depth 2"
run "${D[@]}" --max-depth 3 "$P/deep.pem"
expect_status 0
# openssl verify -verify_depth counts the same way
! openssl verify -attime "$(date -u -d 2026-01-15 +%s)" -verify_depth 2 -CAfile "$P/root.pem" \
	-untrusted <(cat "$P/ica.pem" "$P/deep-inters.pem") "$P/deep.pem" >/dev/null 2>&1 ||
	fail "openssl -verify_depth 2 accepts three intermediates"
run "${D[@]}" --max-depth -1 "$P/deep.pem"
expect_status 2
expect_err "--max-depth"
ok "--max-depth: a 5-certificate chain passes by default and at 3, fails at 2 naming the depth"

# --profile: one shape each where the profiles part.
# (a) A root without keyUsage: a warning everywhere (ca_no_key_usage).
# (b) A leaf with CA:TRUE (leaf_is_ca, rustls refuses): clients and strict
#     fail, compat (OpenSSL, GnuTLS) passes.
# (c) A leaf without subjectKeyIdentifier... is normal; an intermediate
#     without authorityKeyIdentifier (aki_missing): strict fails, clients
#     and compat warn.
cat >>"$P/ica.conf" <<'EOF'
[ leaf_ca_ext ]
basicConstraints = critical, CA:true
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:$ENV::SAN
authorityKeyIdentifier = keyid
EOF
issue ica leafca "leafca.crl.test" leaf_ca_ext leafca.crl.test
for p in clients:1 compat:0 strict:1; do
	run "${V[@]}" --profile "${p%:*}" --host leafca.crl.test "$P/leafca.pem"
	expect_status "${p#*:}" "--profile ${p%:*} on a leaf with CA:TRUE"
	expect_out "Profile: ${p%:*}"
	if [ "${p#*:}" = 1 ]; then expect_out "error leaf_is_ca: certificate 1"; else expect_out "warning leaf_is_ca: certificate 1"; fi
done
cat >>"$P/root.conf" <<'EOF'
[ ca_noaki_ext ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = none
EOF
issue root icanoaki "CRL Test ICA no AKI" ca_noaki_ext
cat >>"$P/icanoaki.conf" <<'EOF'
[ leaf_ext2 ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:noaki.crl.test
authorityKeyIdentifier = keyid
EOF
issue icanoaki noaki "noaki.crl.test" leaf_ext2
for p in clients:0 compat:0 strict:1; do
	run verify --at "$AT" --root "$P/root.pem" --intermediate "$P/icanoaki.pem" --profile "${p%:*}" \
		--host noaki.crl.test "$P/noaki.pem"
	expect_status "${p#*:}" "--profile ${p%:*} on an intermediate without AKI"
	if [ "${p#*:}" = 1 ]; then expect_out "error aki_missing: certificate 2"; else expect_out "warning aki_missing: certificate 2"; fi
done
run verify --profile lax "$P/good.pem"
expect_status 2
expect_err "--profile: 'lax'"
ok "--profile: a CA:TRUE leaf fails clients and strict, passes compat; a missing AKI fails only strict"
