#!/usr/bin/env bash
# The man pages as man shows them: scdoc's output rendered by groff (what
# man -l does).  Every line of every example block survives verbatim, the
# trailing "\" of a continued command included (scdoc eats a lone "\"; the
# source must say "\\"), and what certcheck-show(1) says about its exit
# status is what show does.
. "$TESTS_DIR/cli/lib.sh"

ROOT=${SOURCE_ROOT:-$TESTS_DIR/..}
command -v scdoc >/dev/null || fail "scdoc is not installed (scripts/deps)"
command -v groff >/dev/null || fail "groff is not installed (scripts/deps: groff-base)"

render() { # PAGE.scd: the page as text, without bold or underline
	scdoc <"$1" | groff -man -Tutf8 -P-c -P-b -P-o -P-u 2>/dev/null
}

pages=0 lines=0 continued=0
for scd in "$ROOT"/docs/*.scd; do
	render "$scd" >"$T/page.txt" || fail "$(basename "$scd"): scdoc or groff failed"
	[ -s "$T/page.txt" ] || fail "$(basename "$scd") renders to nothing"
	# Each line of a ``` block, as it should read: scdoc turns "\\" into "\".
	python3 - "$scd" "$T/page.txt" >"$T/check" <<'PY' || fail "$(cat "$T/check")"
import sys
scd, page = sys.argv[1:]
rendered = [l.strip() for l in open(page, encoding="utf-8")]
inside, want, bad, continued = False, [], [], 0
for n, line in enumerate(open(scd, encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if line.startswith("```"):
        inside = not inside
        continue
    if not inside or not line.strip():
        continue
    text = line.replace("\\\\", "\\").strip()
    if line.endswith("\\"):
        continued += 1
        if not line.endswith("\\\\"):
            bad.append("%s:%d: a lone trailing \\ (scdoc drops it; write \\\\)" % (scd, n))
    want.append((n, text))
i = 0
for n, text in want:
    while i < len(rendered) and rendered[i] != text:
        i += 1
    if i == len(rendered):
        bad.append("%s:%d: not in the rendered page as written: %r" % (scd, n, text))
        i = 0
for b in bad:
    print(b)
print("lines %d continued %d" % (len(want), continued))
sys.exit(1 if bad else 0)
PY
	read -r _ l _ c < <(tail -1 "$T/check")
	pages=$((pages + 1)) lines=$((lines + l)) continued=$((continued + c))
done
[ "$pages" -ge 10 ] || fail "only $pages man pages found in $ROOT/docs"
[ "$continued" -ge 5 ] || fail "only $continued continued example lines: the test reads no examples"
ok "$pages man pages render with every example line ($lines, $continued continued with \\) intact"

# certcheck-show(1), EXIT STATUS: 1 when some of several sources could not
# be read, and show does exactly that.
render "$ROOT/docs/certcheck-show.1.scd" >"$T/show.txt"
sed -n '/^EXIT STATUS/,/^[A-Z]/p' "$T/show.txt" | tr -s ' \n' ' ' >"$T/exit.txt"
grep -qE '(^| )1 Some of several sources could not be read' "$T/exit.txt" ||
	fail "certcheck-show(1) does not give exit 1 for an unreadable source among several: $(cat "$T/exit.txt")"
grep -qE '(^| )2 A usage error, or no source could be read' "$T/exit.txt" ||
	fail "certcheck-show(1) does not give exit 2 when no source could be read"
run show "$FIXTURES/istio/root-cert.pem" "$T/missing.pem"
expect_status 1
run show "$T/missing.pem"
expect_status 2
ok "certcheck-show(1)'s exit status is show's: 1 for one unreadable source among several, 2 for none read"
