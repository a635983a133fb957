# lib-serve.sh: shared by the tests of certcheck serve and of its Prometheus
# recipes (t0810, t0820).  Sourced after lib.sh, never run.

# serve_pki DIR: a fresh Istio-shaped PKI valid now (serve checks at the
# current time, so committed fixtures, made for --at, would be expired):
# DIR/good (root, cluster intermediate, workload) and DIR/rogue (another
# root with the same subject: the regenerated-root trap).  ECDSA, for speed.
serve_pki() {
	. "$FIXTURES/lib-pki.sh"
	local d=$1 which
	for which in good rogue; do
		PKI_KEYALG=ec pki_root "$d/$which" >/dev/null || fail "pki_root $which"
		PKI_KEYALG=ec pki_intermediate "$d/$which" c1 >/dev/null || fail "pki_intermediate $which"
		PKI_KEYALG=ec pki_workload "$d/$which/c1" foo httpbin "$d/$which/c1/workload" >/dev/null ||
			fail "pki_workload $which"
	done
}

# serve_endpoint PORT DIR: openssl s_server on PORT presenting DIR's
# workload chain (leaf, intermediate, root).
serve_endpoint() {
	s_server "$1" -cert "$2/c1/workload-cert.pem" -key "$2/c1/workload-key.pem" \
		-cert_chain "$2/c1/workload-chain.pem"
}

# serve_start ARGS...: start certcheck serve on a free port of 127.0.0.1;
# sets SERVE_PID and URL (http://127.0.0.1:PORT), stderr in $T/serve.err.
serve_start() {
	"$CERTCHECK" serve --listen 127.0.0.1:0 "$@" 2>"$T/serve.err" &
	SERVE_PID=$!
	CC_PIDS+=("$SERVE_PID")
	local i port=""
	for i in $(seq 1 100); do
		port=$(grep -o 'port [0-9]*' "$T/serve.err" | cut -d' ' -f2 || true)
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || fail "serve did not say its port: $(cat "$T/serve.err")"
	URL=http://127.0.0.1:$port
}
