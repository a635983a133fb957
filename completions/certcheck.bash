# bash completion for certcheck(1)                           -*- shell-script -*-

_certcheck()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion || return
    else
        COMPREPLY=()
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local commands="show split connect verify diff check roots serve help"
    local global_opts="--help --version --color --quiet -h -q"

    # The command is the first word that is not an option or an option's value.
    local cmd="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --color) ((i++)) ;;
            -*) ;;
            *) cmd=${words[i]}; break ;;
        esac
    done

    # Option values.
    case $prev in
        --color)
            COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
            return ;;
        --format|-f)
            case $cmd in
                check|roots) COMPREPLY=($(compgen -W "text json junit openmetrics" -- "$cur")) ;;
                show) COMPREPLY=($(compgen -W "text json openmetrics" -- "$cur")) ;;
                *) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
            esac
            return ;;
        --dir|-d)
            if declare -F _filedir >/dev/null; then _filedir -d; else COMPREPLY=($(compgen -d -- "$cur")); fi
            return ;;
        --purpose)
            COMPREPLY=($(compgen -W "server client any" -- "$cur"))
            return ;;
        --profile)
            COMPREPLY=($(compgen -W "clients compat strict" -- "$cur"))
            return ;;
        --tls-min|--tls-max)
            COMPREPLY=($(compgen -W "1.0 1.1 1.2 1.3" -- "$cur"))
            return ;;
        --starttls)
            COMPREPLY=($(compgen -W "smtp imap pop3 ftp ldap xmpp postgres mysql" -- "$cur"))
            return ;;
        --root|--intermediate|--expect-root|--expect-intermediate|--cert|--key|--password-file)
            if declare -F _filedir >/dev/null; then _filedir; else COMPREPLY=($(compgen -f -- "$cur")); fi
            return ;;
        --expect-san)
            COMPREPLY=($(compgen -W "DNS: IP: URI: EMAIL:" -- "$cur"))
            compopt -o nospace 2>/dev/null
            return ;;
        --at|--prefix|-p|--host|--ip|--uri|--expect-host|--min-valid|--sni|--alpn|--timeout|--priority|--proxy|--ocsp-url)
            return ;;
        --output|-o|--targets)
            if declare -F _filedir >/dev/null; then _filedir; else COMPREPLY=($(compgen -f -- "$cur")); fi
            return ;;
        --jobs|-j|--listen|--interval|--max-probes)
            return ;;
        --save)
            if declare -F _filedir >/dev/null; then _filedir -d; else COMPREPLY=($(compgen -d -- "$cur")); fi
            return ;;
    esac

    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$commands $global_opts" -- "$cur"))
        return
    fi

    local opts=""
    local conn_opts="--sni --no-sni --alpn --cert --key --timeout --tls-min --tls-max --priority --allow-key-usage-violation --password-file --proxy --starttls"
    case $cmd in
        show) opts="--format --pem --at --purpose $conn_opts" ;;
        split) opts="--dir --prefix --force $conn_opts" ;;
        connect) opts="--format --pem --save --at --sni-probe $conn_opts" ;;
        verify) opts="--root --intermediate --host --ip --uri --email --purpose --at --profile --crl --max-depth --fetch-intermediates --ocsp --ocsp-url --format $conn_opts" ;;
        diff) opts="--format $conn_opts" ;;
        check) opts="--expect-root --expect-intermediate --expect-san --expect-host --min-valid --same-root --strict-clients --require-ocsp-staple --fetch-intermediates --root --profile --purpose --at --format $conn_opts" ;;
        roots) opts="--cross --root --profile --format --at $conn_opts" ;;
        serve) opts="--listen --interval --max-probes --expect-root --expect-intermediate --expect-san --expect-host --min-valid --strict-clients --root --profile --purpose $conn_opts" ;;
        help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
    esac
    # -o FILE with every --format; many SOURCEs for these.
    case $cmd in
        show|connect|verify|diff|check|roots) opts="$opts --output" ;;
    esac
    case $cmd in
        show|connect|check|roots|serve) opts="$opts --targets --jobs" ;;
    esac
    opts="$opts --help --quiet --color"

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif declare -F _filedir >/dev/null; then
        _filedir
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -F _certcheck certcheck
