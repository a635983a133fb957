#!/usr/bin/env bash
# --format json of every command (show, connect, verify, diff, check, roots)
# parsed back with python3: one document with certcheck_json 1, key fields
# equal to openssl's view of the same certificates (SHA-256 of the DER,
# serial, subject), and every object's keys exactly those documented for it
# in docs/certcheck-json.5.scd.
. "$TESTS_DIR/cli/lib.sh"

I=$FIXTURES/istio
C1=$I/cluster1
port=$(free_port)
s_server "$port" -cert "$C1/workload-cert.pem" -key "$C1/workload-key.pem" \
	-cert_chain <(cat "$C1/ca-cert.pem" "$I/root-cert.pem")
dead=$(free_port)
"$FIXTURES/dumps/gen.sh" "$T/dumps" >/dev/null

ROOT=${SOURCE_ROOT:-$TESTS_DIR/..}
python3 - "$CERTCHECK" "$ROOT/docs/certcheck-json.5.scd" "$FIXTURES" "$port" "$dead" "$T" <<'PY' || fail "JSON does not match openssl or certcheck-json(5)"
import json, re, subprocess, sys

certcheck, scd, fixtures, port, dead, tmp = sys.argv[1:]
I = fixtures + "/istio"
C1 = I + "/cluster1"
AT = "2026-01-01T06:00:00Z"
checked = []

def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)

# The tables of certcheck-json(5), named by their heading or by the
# "A *name*:" / "The *name*:" line before them.
tables, name, last = {}, None, ""
lines = open(scd).read().split("\n")
for i, line in enumerate(lines):
    m = re.match(r"^#+ (.*)", line)
    if m:
        name = m.group(1).strip().lower()
    if line.startswith("[[ *Key*"):
        m = re.match(r"^(?:A|The) \*(.+?)\*:", last)
        cur = m.group(1) if m else name
        tables[cur] = set()
    elif line.startswith("|  ") and tables:
        tables[cur] |= set(re.findall(r"\*([a-z0-9_]+)\*", line))
    if line.strip():
        last = line
for want in ("the document", "source", "entry", "certificate", "finding", "tls", "verify",
             "reason", "diff", "pair", "check", "result", "roots", "root source", "verdict", "cross",
             "cross pair"):
    if want not in tables:
        fail("certcheck-json(5) has no table for %r (has %s)" % (want, sorted(tables)))

def keys(obj, table, extra=(), optional=()):
    have, doc = set(obj), tables[table] | set(extra)
    missing = doc - have - set(optional)
    undocumented = have - doc - set(optional)
    if missing or undocumented:
        fail("%s: documented but absent %s, present but undocumented %s" %
             (table, sorted(missing), sorted(undocumented)))
    checked.append(table)

def cc(*args, status=0):
    p = subprocess.run([certcheck, *args], capture_output=True, text=True)
    if p.returncode != status:
        fail("certcheck %s: exit %d, want %d\n%s" % (" ".join(args), p.returncode, status, p.stderr))
    d = json.loads(p.stdout)
    if d.get("certcheck_json") != 1:
        fail("%s: certcheck_json is %r" % (args[0], d.get("certcheck_json")))
    if d.get("command") != args[0]:
        fail("%s: command is %r" % (args[0], d.get("command")))
    return d

def sh(cmd, data=None):
    return subprocess.run(cmd, shell=True, input=data, capture_output=True, check=True).stdout

def openssl_view(pem_file):
    """Each certificate of PEM_FILE as openssl sees it."""
    text = open(pem_file).read()
    blocks = re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n?", text, re.S)
    out = []
    for b in blocks:
        der = sh("openssl x509 -outform DER", b.encode())
        sha = sh("openssl dgst -sha256 -r", der).decode().split()[0]
        serial = sh("openssl x509 -noout -serial", b.encode()).decode().strip().split("=", 1)[1]
        subject = sh("openssl x509 -noout -subject", b.encode()).decode().strip()
        subject = re.sub(r"^subject=\s*", "", subject).replace(" = ", "=").replace(", ", ",")
        out.append({"sha256": sha, "serial": serial.lower().lstrip("0") or "0", "subject": subject})
    return out

def same_as_openssl(certs, pem_file, what):
    want = openssl_view(pem_file)
    if len(certs) != len(want):
        fail("%s: %d certificates, openssl sees %d" % (what, len(certs), len(want)))
    for c, w in zip(certs, want):
        for k in ("sha256", "serial", "subject"):
            if c[k] != w[k]:
                fail("%s: %s is %r, openssl says %r" % (what, k, c[k], w[k]))
        keys(c, "certificate")

def source_keys(s, extra=()):
    keys(s, "source", extra)
    for e in s["entries"]:
        keys(e, "entry")
        for f in e["findings"]:
            keys(f, "finding")

# show
d = cc("show", "--format", "json", "--at", AT, C1 + "/workload-chain.pem", "tls://127.0.0.1:" + port)
keys(d, "the document")
if [s["source"] for s in d["sources"]] != [C1 + "/workload-chain.pem", "tls://127.0.0.1:" + port]:
    fail("show: sources not in order")
source_keys(d["sources"][0])
source_keys(d["sources"][1], extra=("tls",))
keys(d["sources"][1]["tls"], "tls")
same_as_openssl(d["sources"][0]["entries"][0]["certificates"], C1 + "/workload-chain.pem", "show")

# show: sources that could not be read have every key of one that was
# (exit 1: the others were read)
d = cc("show", "--format", "json", "--at", AT, "--timeout", "3", C1 + "/workload-chain.pem",
       tmp + "/missing.pem", "tls://127.0.0.1:" + dead, status=1)
good, missing, down = d["sources"]
source_keys(missing)
source_keys(down, extra=("tls",))
for s, loc, fmt in ((missing, tmp + "/missing.pem", None), (down, "127.0.0.1:" + dead, "tls")):
    if (s["location"], s["format"], s["entries"], s["notes"]) != (loc, fmt, [], []) or not s["error"]:
        fail("show: the unreadable %s is %r" % (loc, s))
if down["tls"] is not None:
    fail("show: the unreachable endpoint's tls is %r" % down["tls"])

# connect: the served chain, and an endpoint that gives none
d = cc("connect", "--format", "json", "--at", AT, "--timeout", "3", "127.0.0.1:" + port,
       "127.0.0.1:" + dead, status=1)
keys(d, "the document")
ok, bad = d["sources"]
source_keys(ok, extra=("tls",))
keys(ok["tls"], "tls")
if ok["tls"]["address"] != "127.0.0.1:" + port or ok["error"] is not None:
    fail("connect: address %r, error %r" % (ok["tls"]["address"], ok["error"]))
with open(tmp + "/served.pem", "w") as f:
    for part in ("/cluster1/workload-cert.pem", "/cluster1/ca-cert.pem", "/root-cert.pem"):
        f.write(open(I + part).read())
same_as_openssl(ok["entries"][0]["certificates"], tmp + "/served.pem", "connect")
source_keys(bad, extra=("tls",))
if not bad["error"] or bad["entries"]:
    fail("connect: the closed port has no error or has entries")

# verify
d = cc("verify", "--format", "json", "--at", AT, "--root", I + "/root-cert.pem", C1 + "/workload-chain.pem")
keys(d, "verify")
if d["verified"] is not True or d["source"] != C1 + "/workload-chain.pem":
    fail("verify: verified %r" % d["verified"])
for c in d["path"]:
    keys(c, "certificate", extra=("trust_anchor",))
if [c["sha256"] for c in d["path"]] != [c["sha256"] for c in openssl_view(C1 + "/workload-chain.pem")]:
    fail("verify: path is not the chain openssl sees")
if [c["trust_anchor"] for c in d["path"]] != [False, False, True]:
    fail("verify: trust_anchor")
d = cc("verify", "--format", "json", "--at", "2027-01-01T00:00:00Z", "--root", I + "/root-cert.pem",
       C1 + "/workload-chain.pem", status=1)
if not d["reasons"]:
    fail("verify: no reasons when expired")
for r in d["reasons"]:
    keys(r, "reason")
if not d["findings"]:
    fail("verify: no findings when expired")
for f in d["findings"]:
    keys(f, "vfinding")
if d["profile"] != "clients" or d["findings"][0]["code"] != "expired" or d["findings"][0]["severity"] != "error":
    fail("verify: profile %r, first finding %r" % (d["profile"], d["findings"][0]))

# diff
a, b = C1 + "/workload-cert.pem", C1 + "/workload-reissued-cert.pem"
d = cc("diff", "--format", "json", a, b, status=1)
keys(d, "diff")
if d["verdict"] != "reissued" or (d["a"], d["b"]) != (a, b):
    fail("diff: verdict %r" % d["verdict"])
p = d["pairs"][0]
keys(p, "pair")
if (p["a_sha256"], p["b_sha256"]) != (openssl_view(a)[0]["sha256"], openssl_view(b)[0]["sha256"]):
    fail("diff: sha256 of the pair differs from openssl's")
serial = [x for x in p["differences"] if x["field"] == "serial"]
if not serial or (serial[0]["a"], serial[0]["b"]) != (openssl_view(a)[0]["serial"], openssl_view(b)[0]["serial"]):
    fail("diff: serial difference is not openssl's serials")
for x in p["differences"]:
    if set(x) != {"field", "a", "b"}:
        fail("diff: a difference has keys %s" % sorted(x))

# check
d = cc("check", "--format", "json", "--at", AT, "--timeout", "3", "--expect-root", I + "/root-cert.pem",
       "--root", I + "/root-cert.pem", "--same-root", C1 + "/workload-chain.pem", "tls://127.0.0.1:" + dead,
       status=1)
keys(d, "check")
for r in d["results"]:
    keys(r, "result")
got = [(r["source"], r["name"], r["outcome"]) for r in d["results"]]
want = [(C1 + "/workload-chain.pem", "valid-path", "pass"), (C1 + "/workload-chain.pem", "expect-root", "pass"),
        ("tls://127.0.0.1:" + dead, "load", "error"), ("(all sources)", "same-root", "pass")]
if got != want:
    fail("check: results %r, want %r" % (got, want))
if (d["passed"], d["failed"]) != (3, 1):
    fail("check: passed/failed %r" % ((d["passed"], d["failed"]),))

# roots
rogue = fixtures + "/istio-rogue/cluster3/workload-chain.pem"
d = cc("roots", "--format", "json", "--at", AT, C1 + "/workload-chain.pem", rogue, status=1)
keys(d, "roots")
keys(d["verdict"], "verdict")
for s, pem in zip(d["sources"], (I + "/root-cert.pem", fixtures + "/istio-rogue/root-cert.pem")):
    keys(s, "root source")
    keys(s["root"], "certificate", extra=("entry",))
    w = openssl_view(pem)[0]
    if (s["root"]["sha256"], s["root"]["serial"], s["root"]["subject"]) != (w["sha256"], w["serial"], w["subject"]):
        fail("roots: %s root is not %s as openssl sees it" % (s["source"], pem))
if d["verdict"]["shared"] or not d["verdict"]["same_subject_different_key"]:
    fail("roots: verdict %r" % d["verdict"])
if d["cross"] is not None:
    fail("roots: cross without --cross")
# roots --cross: a dump of each cluster, chain and ROOTCA; the rogue one
# trusts neither way.
d = cc("roots", "--format", "json", "--cross", "--at", AT, tmp + "/dumps/cluster1-secret.json",
       tmp + "/dumps/cluster3-secret.json", status=1)
keys(d["cross"], "cross")
for p in d["cross"]["pairs"]:
    keys(p, "cross pair")
    if p["trusted"]:
        keys(p["anchor"], "certificate")
got = [(p["trusted"], p["reason"] is None) for p in d["cross"]["pairs"]]
if got != [(True, True), (False, False), (False, False), (True, True)] or d["cross"]["mutually_trusted"]:
    fail("roots --cross: pairs %r" % d["cross"])
# an unreadable source among them: every key, null but the error
d = cc("roots", "--format", "json", "--at", AT, C1 + "/workload-chain.pem", tmp + "/missing.pem",
       status=1)
missing = d["sources"][1]
keys(missing, "root source")
if [k for k, v in missing.items() if v is not None] != ["source", "error"]:
    fail("roots: the unreadable source is %r" % missing)

# connect --sni-probe: the document has sni_probe in place of sources
d = cc("connect", "--format", "json", "--at", AT, "--sni-probe", "--sni", "localhost", "127.0.0.1:" + port)
if set(d) != {"certcheck_json", "command", "at", "sni_probe"}:
    fail("connect --sni-probe: document keys %s" % sorted(d))
keys(d["sni_probe"], "sni_probe")
served = [c["sha256"] for c in openssl_view(tmp + "/served.pem")]
for a in d["sni_probe"]["attempts"]:
    keys(a, "attempts")
    keys(a["tls"], "tls")
    if set(a["leaf"]) != {"subject", "sha256"} or a["chain_sha256"] != served:
        fail("connect --sni-probe: attempt %s: leaf %r, chain %r" % (a["kind"], a["leaf"], a["chain_sha256"]))
if not d["sni_probe"]["same_chain"]:
    fail("connect --sni-probe: one server, yet not the same chain")
untested = set(tables) - set(checked)
if untested:
    fail("documented objects no command was checked against: %s" % sorted(untested))
PY
ok "JSON of show, connect, verify, diff, check and roots: openssl's sha256, serial and subject; keys as documented"
