#!/usr/bin/env bash
# --tls-min 1.0|1.1 for legacy servers: openssl s_server restricted to
# TLS 1.0 or 1.1 (security level 0, which they need in OpenSSL 3).  By
# default certcheck offers 1.2 and 1.3 (GnuTLS's NORMAL without 1.0 and
# 1.1) and gets no chain from them; with --tls-min it does, with a warning
# that names RFC 8996.
. "$TESTS_DIR/cli/lib.sh"

G=$FIXTURES/gateway
leaf=$(der_sha256 "$G/server.crt")
t10=$(free_port) t11=$(free_port) modern=$(free_port)
s_server "$t10" -cert "$G/server.crt" -key "$G/server.key" -tls1 -cipher 'DEFAULT:@SECLEVEL=0'
s_server "$t11" -cert "$G/server.crt" -key "$G/server.key" -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'
s_server "$modern" -cert "$G/server.crt" -key "$G/server.key"

# openssl s_client agrees the legacy servers speak only their version.
openssl s_client -connect "127.0.0.1:$t10" -tls1 -cipher 'DEFAULT:@SECLEVEL=0' </dev/null 2>/dev/null |
	grep -q "Protocol *: TLSv1\$" || { echo "ok - # SKIP this OpenSSL cannot serve TLS 1.0 here"; exit 0; }

run connect "127.0.0.1:$t10"
expect_status 3 "a TLS 1.0 server without --tls-min"
expect_out "the server sent the alert"
expect_out "it may speak only TLS 1.0 or 1.1, which --tls-min 1.0 offers"
run connect --priority NORMAL "127.0.0.1:$t10"
expect_status 0 "a --priority that has TLS 1.0"
expect_out "warning: the server negotiated TLS1.0, deprecated by RFC 8996"
run connect --tls-min 1.0 "127.0.0.1:$t10"
expect_status 0
expect_out "Handshake:          completed"
expect_out "Protocol:           TLS1.0"
expect_out "SHA-256:            $leaf"
expect_out "note: warning: TLS 1.0 was offered (--tls-min/--tls-max); TLS 1.0 and 1.1 are deprecated (RFC 8996)"
expect_out "this server negotiated TLS1.0, so clients that follow RFC 8996 cannot connect to it"
run connect --tls-min 1.0 --format json "127.0.0.1:$t10"
json_expect 'tls["protocol"]=TLS1.0' 'any("RFC 8996" in n for n in tls["notes"])=True'
ok "--tls-min 1.0 reaches a TLS 1.0 server, with a warning"

run connect --tls-min 1.1 "127.0.0.1:$t11"
expect_status 0
expect_out "Protocol:           TLS1.1"
expect_out "warning: TLS 1.1 was offered"
run connect --tls-min 1.1 "127.0.0.1:$t10"
expect_status 3 "--tls-min 1.1 does not offer 1.0"
run connect --tls-max 1.1 --format json "127.0.0.1:$t11"
expect_status 0 "--tls-max 1.1 alone offers 1.1"
json_expect 'tls["protocol"]=TLS1.1'
ok "--tls-min 1.1 reaches a TLS 1.1 server, not a TLS 1.0 one; --tls-max 1.1 alone offers 1.1"

run connect --tls-min 1.0 "127.0.0.1:$modern"
expect_status 0
expect_out "Protocol:           TLS1.3"
expect_out "warning: TLS 1.0 was offered"
expect_no_out "this server negotiated"
ok "--tls-min 1.0 against a current server: it still picks TLS 1.3; the warning says only what was offered"

run connect --tls-min 1.4 "127.0.0.1:$modern"
expect_status 2
expect_err "--tls-min: '1.4' is not 1.0, 1.1, 1.2 or 1.3"
run connect --tls-min 1.2 --tls-max 1.0 "127.0.0.1:$modern"
expect_status 2
expect_err "--tls-min is above --tls-max"
ok "--tls-min/--tls-max values and order are checked"
