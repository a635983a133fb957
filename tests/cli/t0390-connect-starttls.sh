#!/usr/bin/env bash
# --starttls PROTO against real servers started here on 127.0.0.1: SMTP
# (python3-aiosmtpd), IMAP and POP3 (dovecot), LDAP (slapd), PostgreSQL
# (initdb + postgres).  Each presents the gateway fixture chain; certcheck's
# leaf is the one `openssl s_client -starttls PROTO` gets, and a server
# without TLS has its refusal quoted.  FTP, XMPP and MySQL have no server a
# test can start in reasonable time: t0391 runs them against a scripted peer.
. "$TESTS_DIR/cli/lib.sh"

G=$FIXTURES/gateway
NAME=proxy.upbound-127.0.0.1.nip.io
leaf=$(der_sha256 "$G/server.crt")
# Servers that drop root privileges read these as another user.
S=$T/srv
mkdir -p "$S"
chmod 755 "$T" "$S"
cat "$G/server.crt" "$G/ca.crt" >"$S/chain.pem"
cp "$G/server.key" "$S/key.pem"
chmod 644 "$S/chain.pem" "$S/key.pem"

# starttls_case PROTO PORT: certcheck gets the served chain, as s_client does.
starttls_case() {
	local proto=$1 port=$2
	run connect --starttls "$proto" --sni "$NAME" --format json "127.0.0.1:$port"
	expect_status 0 "--starttls $proto"
	json_expect "tls[\"starttls\"]=$proto" 'tls["handshake"]["status"]=completed' "tls[\"sni\"]=$NAME" \
		'src["entries"][0]["certificates"][0]["sha256"]='"$leaf" 'len(src["entries"][0]["certificates"])=2'
	local theirs
	theirs=$(openssl s_client -starttls "$proto" -connect "127.0.0.1:$port" -servername "$NAME" </dev/null 2>/dev/null |
		openssl x509 -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1)
	[ "$theirs" = "$leaf" ] || fail "--starttls $proto: openssl s_client got $theirs"
	run connect --starttls "$proto" "127.0.0.1:$port"
	expect_status 0
	expect_out "STARTTLS:           $proto"
	expect_out "Handshake:          completed"
	expect_out "SHA-256:            $leaf"
	# Through a tls:// source of another command.
	run verify --starttls "$proto" --sni "$NAME" --root "$G/ca.crt" --host "$NAME" "tls://127.0.0.1:$port"
	expect_status 0 "verify --starttls $proto"
}
# refused_case PROTO PORT WORDS: the server's refusal, quoted, exit 3.
refused_case() {
	local proto=$1 port=$2 words=$3
	run connect --starttls "$proto" "127.0.0.1:$port"
	expect_status 3 "--starttls $proto against a server without TLS"
	expect_out "Handshake:          $words"
	expect_out "Ended at stage:     starttls"
	expect_err "no certificate obtained: $words"
	run connect --format json --starttls "$proto" "127.0.0.1:$port"
	json_expect 'tls["handshake"]["status"]=starttls_refused' 'tls["handshake"]["stage"]=starttls'
}

# --- SMTP: aiosmtpd (python3-aiosmtpd), with and without a TLS context.
py=""
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import aiosmtpd' 2>/dev/null; then py=$p; break; fi
done
if [ -n "$py" ]; then
	cat >"$S/smtpd.py" <<'PY'
import ssl, sys, threading
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
port, chain, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = None
if chain != "-":
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(chain, key)
Controller(Sink(), hostname="127.0.0.1", port=port, tls_context=ctx, ready_timeout=10).start()
threading.Event().wait()
PY
	smtp_port=$(free_port)
	bg "$py" "$S/smtpd.py" "$smtp_port" "$S/chain.pem" "$S/key.pem" >"$T/smtpd.log" 2>&1
	plain_port=$(free_port)
	bg "$py" "$S/smtpd.py" "$plain_port" - - >"$T/smtpd-plain.log" 2>&1
	wait_port "$smtp_port"
	wait_port "$plain_port"
	starttls_case smtp "$smtp_port"
	refused_case smtp "$plain_port" "the SMTP server does not offer STARTTLS (it is not among its EHLO extensions)"
	ok "--starttls smtp against aiosmtpd: the served chain, as s_client gets it; no STARTTLS offered is said"
else
	echo "ok - # SKIP --starttls smtp: python3-aiosmtpd is not installed (scripts/deps installs it)"
fi

# --- IMAP and POP3: dovecot in the foreground with a minimal configuration.
if command -v dovecot >/dev/null; then
	if [ "$(id -u)" = 0 ]; then
		login_user=dovenull internal_user=dovecot internal_group=dovecot
	else
		login_user=$(id -un) internal_user=$(id -un) internal_group=$(id -gn)
	fi
	# dovecot_conf NAME SSL IMAP-PORT POP3-PORT
	dovecot_conf() {
		cat >"$S/$1.conf" <<CFG
base_dir = $S/$1-run
state_dir = $S/$1-state
log_path = $T/$1.log
protocols = imap pop3
listen = 127.0.0.1
ssl = $2
ssl_cert = <$S/chain.pem
ssl_key = <$S/key.pem
default_login_user = $login_user
default_internal_user = $internal_user
default_internal_group = $internal_group
passdb {
  driver = static
  args = password=unused
}
userdb {
  driver = static
  args = uid=$(id -u) gid=$(id -g) home=$S/home
}
mail_location = maildir:$S/home/mail
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $3
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $4
  }
  inet_listener pop3s {
    port = 0
  }
}
service anvil {
  chroot =
}
CFG
		bg dovecot -F -c "$S/$1.conf" >"$T/$1.out" 2>&1
	}
	imap_port=$(free_port) pop3_port=$(free_port)
	dovecot_conf dovecot-tls yes "$imap_port" "$pop3_port"
	imap_plain=$(free_port) pop3_plain=$(free_port)
	dovecot_conf dovecot-plain no "$imap_plain" "$pop3_plain"
	for p in "$imap_port" "$pop3_port" "$imap_plain" "$pop3_plain"; do wait_port "$p"; done
	starttls_case imap "$imap_port"
	refused_case imap "$imap_plain" "the IMAP server refused STARTTLS: 'cc1 BAD TLS support isn't enabled.'"
	ok "--starttls imap against dovecot: the served chain; ssl = no is quoted"
	starttls_case pop3 "$pop3_port"
	refused_case pop3 "$pop3_plain" "the POP3 server refused STLS: '-ERR TLS support isn't enabled.'"
	ok "--starttls pop3 against dovecot: the served chain; ssl = no is quoted"
else
	echo "ok - # SKIP --starttls imap, pop3: dovecot is not installed (scripts/deps installs dovecot-imapd, dovecot-pop3d)"
fi

# --- LDAP: slapd with no database, only the TLS settings.
if command -v slapd >/dev/null; then
	ldap_port=$(free_port) ldap_plain=$(free_port)
	for c in tls plain; do
		{
			echo "include /etc/ldap/schema/core.schema"
			echo "pidfile $S/slapd-$c.pid"
			echo "argsfile $S/slapd-$c.args"
			if [ "$c" = tls ]; then
				echo "TLSCertificateFile $S/chain.pem"
				echo "TLSCertificateKeyFile $S/key.pem"
			fi
		} >"$S/slapd-$c.conf"
	done
	bg slapd -d 0 -f "$S/slapd-tls.conf" -h "ldap://127.0.0.1:$ldap_port/" >"$T/slapd-tls.log" 2>&1
	bg slapd -d 0 -f "$S/slapd-plain.conf" -h "ldap://127.0.0.1:$ldap_plain/" >"$T/slapd-plain.log" 2>&1
	wait_port "$ldap_port"
	wait_port "$ldap_plain"
	starttls_case ldap "$ldap_port"
	refused_case ldap "$ldap_plain" \
		"the LDAP server refused StartTLS: result code 2 (protocolError): 'unsupported extended operation'"
	ok "--starttls ldap against slapd: the served chain; a slapd without TLS is quoted"
else
	echo "ok - # SKIP --starttls ldap: slapd is not installed (scripts/deps installs it)"
fi

# --- PostgreSQL: a throw-away cluster (initdb refuses root: run as postgres).
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -n "$pgbin" ] && [ -x "$pgbin/initdb" ]; then
	as_pg=()
	if [ "$(id -u)" = 0 ]; then
		as_pg=(runuser -u postgres --)
		chown -R postgres "$S"
		chmod 600 "$S/key.pem"
	else
		chmod 600 "$S/key.pem"
	fi
	"${as_pg[@]}" "$pgbin/initdb" -D "$S/pg" -A trust -U certcheck --no-sync >"$T/initdb.log" 2>&1 ||
		fail "initdb failed: $(tail -3 "$T/initdb.log")"
	# pg_start PORT SSL
	pg_start() {
		bg "${as_pg[@]}" "$pgbin/postgres" -D "$S/pg" -c listen_addresses=127.0.0.1 -c "port=$1" \
			-c "unix_socket_directories=$S" -c "ssl=$2" -c "ssl_cert_file=$S/chain.pem" \
			-c "ssl_key_file=$S/key.pem" -c fsync=off >"$T/postgres-$1.log" 2>&1
		wait_port "$1"
	}
	pg_port=$(free_port)
	pg_start "$pg_port" on
	starttls_case postgres "$pg_port"
	# The same cluster again with ssl = off: stop it first (one postmaster per directory).
	kill "${CC_PIDS[-1]}"
	wait "${CC_PIDS[-1]}" 2>/dev/null || true
	for _ in $(seq 1 100); do [ -e "$S/pg/postmaster.pid" ] || break; sleep 0.1; done
	pg_plain=$(free_port)
	pg_start "$pg_plain" off
	refused_case postgres "$pg_plain" "the PostgreSQL server refused SSLRequest: it answered 'N' (ssl is off)"
	ok "--starttls postgres against postgres: the served chain; ssl = off is said"
else
	echo "ok - # SKIP --starttls postgres: PostgreSQL is not installed (scripts/deps installs postgresql)"
fi

echo "ok - # SKIP --starttls ftp, xmpp, mysql: no real server a test starts in reasonable time (t0391 uses a scripted peer)"

# The protocol's own port when none is given (nothing listens there on a
# test machine): the message names the port dialled.
for pp in smtp:25 imap:143 pop3:110 ftp:21 ldap:389 xmpp:5222 postgres:5432 mysql:3306; do
	proto=${pp%%:*} p=${pp#*:}
	if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
		echo "ok - # SKIP --starttls $proto default port: something listens on 127.0.0.1:$p here"
		continue
	fi
	run connect --timeout 3 --format json --starttls "$proto" 127.0.0.1
	expect_status 3 "--starttls $proto 127.0.0.1"
	json_expect "tls[\"address\"]=127.0.0.1:$p" 'tls["handshake"]["status"]=connection_refused'
done
ok "--starttls dials the protocol's port when HOST has none (25, 143, 110, 21, 389, 5222, 5432, 3306)"

# A server that says nothing: --timeout covers the STARTTLS exchange.
silent=$(free_port)
silent_server "$silent"
run connect --timeout 1 --starttls smtp "127.0.0.1:$silent"
expect_status 3
expect_out "timed out after 1 s at stage starttls (the SMTP server did not answer the connection (its greeting))"
ok "a silent server: --timeout ends the STARTTLS exchange"

# Usage errors.
run connect --starttls gopher 127.0.0.1:1
expect_status 2
expect_err "--starttls: 'gopher' is not one of smtp, imap, pop3, ftp, ldap, xmpp, postgres, mysql"
run show --starttls smtp https://127.0.0.1:1/
expect_status 2
expect_err "--starttls goes with HOST[:PORT] or tls://, not with a URL"
ok "--starttls: an unknown protocol and an implicit-TLS URL are usage errors"
