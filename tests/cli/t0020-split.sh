#!/bin/bash
# split: the chain of a live `openssl s_client -showcerts` transcript into
# numbered PEM files, DER-equal to what the server sent; no overwrite
# without --force; nothing written on bad input.
. "$(dirname "$0")/lib.sh"

I=$FIXTURES/istio/cluster1
port=$(free_port)
s_server "$port" -cert "$I/workload-cert.pem" -key "$I/workload-key.pem" \
	-cert_chain <(cat "$I/ca-cert.pem" "$I/root-cert.pem")
openssl s_client -connect "127.0.0.1:$port" -showcerts </dev/null >"$T/transcript.txt" 2>/dev/null || true
grep -q -- "-----BEGIN CERTIFICATE-----" "$T/transcript.txt" || fail "s_client got no chain"

mkdir "$T/w"
(cd "$T/w" && "$CERTCHECK" split --prefix proxy-cert - <"$T/transcript.txt" >"$T/out" 2>"$T/err") ||
	fail "split of the transcript failed"
[ "$(cat "$T/out")" = "$(printf './proxy-cert-1.pem\n./proxy-cert-2.pem\n./proxy-cert-3.pem')" ] ||
	fail "printed paths"
n=0
for f in "$I/workload-cert.pem" "$I/ca-cert.pem" "$I/root-cert.pem"; do
	n=$((n + 1))
	cmp <(openssl x509 -in "$f" -outform DER) <(openssl x509 -in "$T/w/proxy-cert-$n.pem" -outform DER) ||
		fail "proxy-cert-$n.pem is not DER-equal to $(basename "$f")"
	[ "$(grep -c -- '-----BEGIN CERTIFICATE-----' "$T/w/proxy-cert-$n.pem")" = 1 ] ||
		fail "proxy-cert-$n.pem holds more than one block"
	! grep -q "CONNECTED\|subject=" "$T/w/proxy-cert-$n.pem" || fail "transcript text leaked into the file"
done
[ "$(find "$T/w" -type f | wc -l)" = 3 ] || fail "split left other files: $(ls -a "$T/w")"
ok "a live s_client -showcerts transcript splits into 3 files, DER-equal to the served ones"

# Refuses to overwrite, and then writes none of the files.
rm "$T/w/proxy-cert-2.pem"
before=$(sha256sum "$T/w/proxy-cert-1.pem")
(cd "$T/w" && set +e && "$CERTCHECK" split --prefix proxy-cert "$FIXTURES/formats/chain.p7b" >"$T/out" 2>"$T/err"
	echo $? >"$T/status")
[ "$(cat "$T/status")" = 2 ] || fail "overwrite: want exit 2, got $(cat "$T/status")"
expect_err "proxy-cert-1.pem: exists already (use --force to replace it)"
[ ! -e "$T/w/proxy-cert-2.pem" ] || fail "refusing run still wrote proxy-cert-2.pem"
[ "$(sha256sum "$T/w/proxy-cert-1.pem")" = "$before" ] || fail "existing file changed"
ok "existing file: exit 2, nothing written or changed"

run split --force -q -d "$T/w" --prefix proxy-cert "$FIXTURES/formats/chain.p7b"
expect_status 0
expect_empty_out
cmp <(openssl pkcs7 -inform DER -in "$FIXTURES/formats/chain.p7b" -print_certs | openssl x509 -outform DER) \
	<(openssl x509 -in "$T/w/proxy-cert-1.pem" -outform DER) || fail "--force did not replace with the PKCS#7's first certificate"
ok "--force replaces, -q prints nothing"

# -d creates missing directories; default prefix is cert.
run split -d "$T/new/sub" "$FIXTURES/formats/chain-glued.pem"
expect_status 0
expect_out "$T/new/sub/cert-1.pem"
[ -f "$T/new/sub/cert-2.pem" ] || fail "cert-2.pem missing"
ok "-d creates the directory; default prefix cert"

# Bad input: exit 2, names the file and line, writes nothing.
for f in one-bad-block.pem truncated-base64.pem key-only.pem garbage.bin; do
	run split -d "$T/bad-$f" "$FIXTURES/bad/$f"
	expect_status 2 "$f"
	expect_err "$FIXTURES/bad/$f"
	[ -z "$(find "$T" -path "$T/bad-$f/*" -type f 2>/dev/null)" ] || fail "$f: files written"
done
expect_err "no certificate found"
ok "bad input: exit 2 naming the file, no file written"

run split -d "$T/x" --prefix "a/b" "$FIXTURES/formats/chain-glued.pem"
expect_status 2
expect_err "--prefix"
run split
expect_status 2
ok "usage errors: exit 2"
