#!/usr/bin/env bash
# Libraries few runs need are opened when first needed, not linked (dl.h):
# libcurl, libxml2, libyaml, libpsl, libmicrohttpd and jansson are not among
# the executable's NEEDED entries, so a run that does not use them does not
# load them (start-up, docs/benchmarks.md scenario 1).  Each one hidden (an
# empty file bind-mounted over it in a private mount namespace) makes what
# needs it fail naming the library and its package, and nothing else.
# (libcurl and libxml2 hidden: t0450 and t0610.)
. "$TESTS_DIR/cli/lib.sh"

needed=$(readelf -d "$CERTCHECK" | awk '/\(NEEDED\)/ { print $NF }')
for so in libcurl libxml2 libyaml libpsl libmicrohttpd libjansson; do
	! grep -q "\[$so" <<<"$needed" || fail "$so is linked: $needed"
done
grep -q '\[libgnutls' <<<"$needed" || fail "readelf shows no NEEDED libgnutls: $needed"
ok "libcurl, libxml2, libyaml, libpsl, libmicrohttpd and jansson are not linked"

AT=2026-01-01T06:00:00Z
Y=$TESTDATA/istio/k8s-secrets-istio-gateway-credential-tls-valid.yaml
J=$TESTDATA/istio/envoy-config_dump-secrets-only-istio-snake_case.json
if hide_library libyaml-0.so.2; then
	without_library show --at "$AT" "$Y"
	expect_status 2
	expect_err "$Y: cannot load libyaml-0.so.2 (reading YAML needs the libyaml-0-2 package): "
	[ ! -s "$T/out" ] || fail "output without libyaml: $(cat "$T/out")"
	without_library show --at "$AT" "$J"
	expect_status 0
	expect_out "ROOTCA"
	ok "without libyaml: a YAML dump is an error naming the library, a JSON dump is read"
else
	echo "ok - # SKIP without libyaml: not in ldconfig's cache, or no private mount namespace (unshare -m)"
fi
run show --at "$AT" "$Y"
expect_status 0
expect_out "istio-system/httpbin-credential/tls.crt"
ok "with libyaml: the YAML dump is read"

# jansson writes every JSON report and reads every JSON dump (through
# src/lib/jansson-dl.c): without it those stop at the first JSON, naming the
# library, with no report written; text reports of PEM files need none.
if hide_library libjansson.so.4; then
	P=$FIXTURES/gateway/server-chain.pem
	without_library show --format json --at "$AT" -o "$T/report.json" "$P"
	expect_status 2
	expect_err "certcheck: cannot load libjansson.so.4 (JSON needs the libjansson4 package): "
	[ ! -e "$T/report.json" ] || fail "a report was written without jansson: $(cat "$T/report.json")"
	[ -z "$(ls "$T" | grep -v -e '^out$' -e '^err$' -e '^empty.so$')" ] ||
		fail "files left behind without jansson: $(ls "$T")"
	without_library show --at "$AT" "$J"
	expect_status 2
	expect_err "certcheck: cannot load libjansson.so.4 (JSON needs the libjansson4 package): "
	[ ! -s "$T/out" ] || fail "output without jansson: $(cat "$T/out")"
	without_library show --at "$AT" "$P"
	expect_status 0
	expect_out "Certificate 1 of 2: leaf"
	ok "without jansson: a JSON report or dump is an error naming the library and nothing is written, a PEM file is shown"
else
	echo "ok - # SKIP without jansson: not in ldconfig's cache, or no private mount namespace (unshare -m)"
fi
run show --format json --at "$AT" "$J"
expect_status 0
expect_out '"certcheck_json": 1'
ok "with jansson: the JSON dump is read and the JSON report written"

# A wildcard that matched the host is looked up in the public suffix list;
# without libpsl that cannot be done, and the rule says so rather than pass
# in silence (a warning under the default profile, a failure under strict,
# as the rule itself).
G=$FIXTURES/gateway
host=foo.proxy.upbound-127.0.0.1.nip.io
for profile in clients strict; do
	run verify --profile $profile --at "$AT" --root "$G/ca.crt" --host "$host" "$G/server-chain.pem"
	expect_status 0 "$profile, with libpsl"
	expect_no_out "wildcard_on_public_suffix"
done
if hide_library libpsl.so.5; then
	without_library verify --at "$AT" --root "$G/ca.crt" --host "$host" "$G/server-chain.pem"
	expect_status 0
	expect_out "warning wildcard_on_public_suffix: certificate 1 'CN=proxy.upbound-127.0.0.1.nip.io' has the wildcard '*.proxy.upbound-127.0.0.1.nip.io', not checked against the public suffix list: cannot load libpsl.so.5 (checking wildcards against the public suffix list needs the libpsl5 package): "
	without_library verify --profile strict --at "$AT" --root "$G/ca.crt" --host "$host" "$G/server-chain.pem"
	expect_status 1 "strict, without libpsl"
	expect_out "  error wildcard_on_public_suffix: certificate 1 'CN=proxy.upbound-127.0.0.1.nip.io' has the wildcard '*.proxy.upbound-127.0.0.1.nip.io', not checked against the public suffix list: "
	without_library verify --at "$AT" --root "$G/ca.crt" --ip 127.0.0.1 "$G/server-chain.pem"
	expect_status 0
	expect_no_out "wildcard_on_public_suffix"
	ok "without libpsl: a matched wildcard is said unchecked (a warning; strict, which passes with libpsl, fails), no wildcard no word"
else
	echo "ok - # SKIP without libpsl: not in ldconfig's cache, or no private mount namespace (unshare -m)"
fi

if hide_library libmicrohttpd.so.12; then
	without_library serve --listen 127.0.0.1:0 "$G/server-chain.pem"
	expect_status 2
	expect_err "certcheck: serve: cannot load libmicrohttpd.so.12 (serve needs the libmicrohttpd12 package): "
	without_library show --at "$AT" "$G/server-chain.pem"
	expect_status 0
	ok "without libmicrohttpd: serve is an error naming the library, other commands work"
else
	echo "ok - # SKIP without libmicrohttpd: not in ldconfig's cache, or no private mount namespace (unshare -m)"
fi
