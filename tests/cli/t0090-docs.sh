#!/usr/bin/env bash
# The man pages, --help and the completions say the same thing: every long
# option in a command's --help is in its man page and is offered by the
# bash, zsh and fish completions; every option a man page documents exists.
. "$TESTS_DIR/cli/lib.sh"

ROOT=${SOURCE_ROOT:-$TESTS_DIR/..}
DOCS=$ROOT/docs
COMP=$ROOT/completions

commands=$("$CERTCHECK" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && $1 != "Commands:" {print $1}')
[ -n "$commands" ] || fail "no commands in --help"

# bash: ask the completion function itself.
bash_complete() {
	bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_certcheck certcheck "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$COMP/certcheck.bash" "$@"
}
have_fish=false
command -v fish >/dev/null && have_fish=true
have_zsh=false
command -v zsh >/dev/null && have_zsh=true

global=$(bash_complete certcheck "")
for c in $commands; do
	grep -qx -- "$c" <<<"$global" || fail "bash completion does not offer the command $c"
	grep -q -- "'$c:" "$COMP/_certcheck" || fail "zsh completion does not list the command $c"
	grep -q -- "-a $c " "$COMP/certcheck.fish" || fail "fish completion does not list the command $c"
done

for c in $commands; do
	[ "$c" = help ] && continue
	page=$DOCS/certcheck-$c.1.scd
	[ -f "$page" ] || fail "no man page for $c"
	help_opts=$("$CERTCHECK" "$c" --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u)
	bash_opts=$(bash_complete certcheck "$c" --)
	fish_opts=""
	if $have_fish; then
		fish_opts=$(fish -c "source '$COMP/certcheck.fish'; complete -C 'certcheck $c --'" | cut -f1)
	fi
	for o in $help_opts; do
		grep -qF -- "*$o*" "$page" || fail "$c: $o is in --help but not in $(basename "$page")"
		grep -qx -- "$o" <<<"$bash_opts" || fail "$c: bash completion does not offer $o"
		if $have_fish; then
			grep -qx -- "$o" <<<"$fish_opts" || fail "$c: fish completion does not offer $o"
		else
			grep -q -- "-l ${o#--}" "$COMP/certcheck.fish" || fail "$c: fish completion lacks $o"
		fi
		# zsh: the option is in the command's _arguments block (the common
		# ones through $common, the CONN ones through $conn).
		block=$(awk -v c="$c" '$0 ~ "^ *" c "\\)$" {on=1} on {print} on && /;;/ {exit}' "$COMP/_certcheck")
		conn_block=$(awk '/^ *conn=\($/ {on=1} on {print} on && /^ *\)$/ {exit}' "$COMP/_certcheck")
		case $o in
		--help | --quiet | --color) grep -qF '$common' <<<"$block" || fail "$c: zsh completion lacks $o" ;;
		*) grep -qF -- "$o" <<<"$block" ||
			{ grep -qF '$conn' <<<"$block" && grep -qF -- "$o" <<<"$conn_block"; } ||
			fail "$c: zsh completion lacks $o" ;;
		esac
	done
	# Every option the man page documents exists.
	for o in $(grep -oE -- '^\*(-[a-zA-Z], )?--[a-z][a-z0-9-]+' "$page" | grep -oE -- '--[a-z0-9-]+' | sort -u); do
		grep -qx -- "$o" <<<"$help_opts" || fail "$c: $(basename "$page") documents $o, which --help lacks"
	done
	ok "$c: --help, man page and completions agree ($(echo $help_opts | wc -w) options)"
done

# Global options.
for o in $("$CERTCHECK" --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
	grep -qF -- "*$o*" "$DOCS/certcheck.1.scd" || fail "global $o not in certcheck.1.scd"
	grep -qx -- "$o" <<<"$global" || fail "bash completion does not offer global $o"
done
ok "global options documented and completed"

# Option values: --format and --color complete to what the commands accept.
[ "$(bash_complete certcheck show --format "" | sort | xargs)" = "json openmetrics text" ] || fail "bash: show --format values"
[ "$(bash_complete certcheck --color "" | sort | xargs)" = "always auto never" ] || fail "bash: --color values"
if $have_fish; then
	[ "$(fish -c "source '$COMP/certcheck.fish'; complete -C 'certcheck show --format '" | cut -f1 | sort | xargs)" = "json openmetrics text" ] ||
		fail "fish: show --format values"
fi
if $have_zsh; then
	zsh -n "$COMP/_certcheck" || fail "zsh completion has a syntax error"
fi
ok "option values complete"

# Every man page builds with scdoc without a warning.
if command -v scdoc >/dev/null; then
	for p in "$DOCS"/*.scd; do
		scdoc <"$p" >/dev/null 2>"$T/scdoc.err" || fail "scdoc: $(basename "$p"): $(cat "$T/scdoc.err")"
	done
	ok "man pages build"
fi
