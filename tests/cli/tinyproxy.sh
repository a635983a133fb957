# tinyproxy.sh: sourced by the tests that go through an HTTP proxy (after
# lib.sh).  start_tinyproxy [CONFIG-LINE...]: tinyproxy on 127.0.0.1:$pport
# (a free port, set here) for 127.0.0.1 only, logging to $T/tinyproxy.log,
# with each CONFIG-LINE added; waited for, stopped when the test ends.
start_tinyproxy() {
	pport=$(free_port)
	printf '%s\n' "Port $pport" "Listen 127.0.0.1" "Timeout 10" "Allow 127.0.0.1" \
		"LogFile \"$T/tinyproxy.log\"" "PidFile \"$T/tinyproxy.pid\"" "MaxClients 16" "$@" \
		>"$T/tinyproxy.conf"
	bg tinyproxy -d -c "$T/tinyproxy.conf" >"$T/tinyproxy.out" 2>&1
	wait_port "$pport"
}
