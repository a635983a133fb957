#!/usr/bin/env bash
# The project stands on its own: no tracked file outside tests/data/ names
# the reference folder that sits beside the checkout on developers'
# machines (a fresh clone has nothing beside it), the tests' data paths lie
# inside the checkout, and every vendored file under tests/data/ is listed
# with its sha256 in its folder's PROVENANCE.md, beside a licence text.
. "$TESTS_DIR/cli/lib.sh"

ROOT=$(cd "${SOURCE_ROOT:-$TESTS_DIR/..}" && pwd -P)
# The pattern is spelled so that this file does not match itself.
pattern='(\.\.|/work)/shared([^A-Za-z0-9_.-]|$)'

# The tracked files (git ls-files), else every file of the tree but build
# directories and .git.
files() {
	if [ -e "$ROOT/.git" ] && command -v git >/dev/null &&
		top=$(git -C "$ROOT" rev-parse --show-toplevel 2>/dev/null) &&
		[ "$(cd "$top" && pwd -P)" = "$ROOT" ]; then
		git -C "$ROOT" ls-files
	else
		(cd "$ROOT" && find . \( -name .git -o -name 'build*' \) -prune -o -type f -print | sed 's|^\./||')
	fi
}
files >"$T/files"
[ "$(wc -l <"$T/files")" -gt 100 ] || fail "found only $(wc -l <"$T/files") files under $ROOT"
grep -qx 'tests/meson.build' "$T/files" || fail "the file list misses tests/meson.build"
grep -v '^tests/data/' "$T/files" | (cd "$ROOT" && xargs -d '\n' grep -nHE -- "$pattern") >"$T/hits" || true
[ ! -s "$T/hits" ] || fail "files outside tests/data/ name the folder beside the checkout:
$(cat "$T/hits")"
ok "no file outside tests/data/ names the folder beside the checkout"

# The pattern catches the spellings used before (so it cannot silently miss),
# and meson's path joining is checked apart.
up=.. w=shared
for s in "$up/shared/samples" "\${SHARED:-\$root/$up/shared}" "/work/$w/corpora" "\"\$here/../../$up/shared\"" "$up/shared"; do
	grep -qE -- "$pattern" <<<"$s" || fail "the pattern misses $s"
done
grep -E '(^|/)meson\.build$' "$T/files" | while IFS= read -r f; do
	! grep -nHE -- "'\\.\\.' */ *'shared'" "$ROOT/$f" || fail "$f joins '..' / 'shared'"
done
ok "the pattern matches the spellings used before; no meson.build joins '..' / 'shared'"

# Every data path the suite is given lies inside the checkout.
for v in FIXTURES TESTDATA TESTS_DIR; do
	p=$(cd "${!v}" && pwd -P) || fail "$v=${!v} does not exist"
	case $p/ in
	"$ROOT"/*) ;;
	*) fail "$v=${!v} is outside the checkout $ROOT" ;;
	esac
done
ok "FIXTURES, TESTDATA and TESTS_DIR lie inside the checkout"

# tests/data: each folder's PROVENANCE.md lists the sha256 of each of its files.
n=0 licences=0
for d in "$TESTDATA"/*/; do
	[ -f "$d/PROVENANCE.md" ] || fail "$d has no PROVENANCE.md"
	# The licence texts it names exist.
	for l in $(grep -oE 'LICENSE-[A-Za-z0-9.-]*[A-Za-z0-9]' "$d/PROVENANCE.md" | sort -u); do
		[ -f "$TESTDATA/$l" ] || fail "${d#"$TESTDATA"/}PROVENANCE.md names $l, which is not in tests/data"
		licences=$((licences + 1))
	done
	while IFS= read -r f; do
		case ${f##*/} in PROVENANCE.md) continue ;; esac
		sum=$(sha256sum "$f" | cut -d' ' -f1)
		grep -q "$sum" "$d/PROVENANCE.md" || fail "${f#"$TESTDATA"/}: sha256 $sum not in its PROVENANCE.md"
		n=$((n + 1))
	done < <(find "$d" -type f)
done
[ "$n" -ge 30 ] || fail "only $n vendored files"
[ "$licences" -ge 3 ] || fail "only $licences licence texts named by the PROVENANCE.md files"
ok "each of the $n vendored files has its sha256 in its PROVENANCE.md"
