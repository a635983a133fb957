# fish completion for certcheck(1)

set -l commands show split connect verify diff check roots serve help

complete -c certcheck -f
# Global options.
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -l version -d 'Print the version'
complete -c certcheck -s h -l help -d 'Show the help'
complete -c certcheck -s q -l quiet -d 'No notes on stderr'
complete -c certcheck -l color -x -a 'auto always never' -d 'Colour the output'

# Commands.
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -a show -d 'Print every certificate and the findings'
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -a split -d 'Write each certificate to its own PEM file'
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -a verify -d 'Validate a chain to the given roots'
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -a diff -d 'Compare two certificates or chains'
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -a check -d 'Run CI assertions on chains'
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -a help -d 'Print the help of a command'
complete -c certcheck -n "__fish_seen_subcommand_from help" -a "$commands"

# show
complete -c certcheck -n "__fish_seen_subcommand_from show" -F
complete -c certcheck -n "__fish_seen_subcommand_from show" -s f -l format -x -a 'text json openmetrics' -d 'Output format'
complete -c certcheck -n "__fish_seen_subcommand_from show" -l pem -d 'Print only the certificates as PEM'
complete -c certcheck -n "__fish_seen_subcommand_from show" -l at -x -d 'Judge validity at TIME'
complete -c certcheck -n "__fish_seen_subcommand_from show" -l purpose -x -a 'server client any' -d 'What the leaf is for'

# split
complete -c certcheck -n "__fish_seen_subcommand_from split" -F
complete -c certcheck -n "__fish_seen_subcommand_from split" -s d -l dir -x -a '(__fish_complete_directories)' -d 'Where to write'
complete -c certcheck -n "__fish_seen_subcommand_from split" -s p -l prefix -x -d 'File name prefix'
complete -c certcheck -n "__fish_seen_subcommand_from split" -l force -d 'Replace existing files'

# connect
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -a connect -d 'Dial a TLS endpoint and show its chain'
complete -c certcheck -n "__fish_seen_subcommand_from connect" -s f -l format -x -a 'text json' -d 'Output format'
complete -c certcheck -n "__fish_seen_subcommand_from connect" -l pem -d 'Print only the chain as PEM'
complete -c certcheck -n "__fish_seen_subcommand_from connect" -l save -x -a '(__fish_complete_directories)' -d 'Write the chain to DIR/cert-N.pem'
complete -c certcheck -n "__fish_seen_subcommand_from connect" -l at -x -d 'Judge validity at TIME'
complete -c certcheck -n "__fish_seen_subcommand_from connect" -l sni-probe -d 'Compare chains for the name, no SNI, a bogus name'
# CONN options (every command that reads tls:// sources)
set -l conn_cmds show split connect verify diff check roots serve
complete -c certcheck -n "__fish_seen_subcommand_from $conn_cmds" -l sni -x -d 'Server name to send'
complete -c certcheck -n "__fish_seen_subcommand_from $conn_cmds" -l no-sni -d 'Send no server name'
complete -c certcheck -n "__fish_seen_subcommand_from $conn_cmds" -l alpn -x -d 'ALPN protocols to offer'
complete -c certcheck -n "__fish_seen_subcommand_from $conn_cmds" -l cert -r -F -d 'Client certificate chain (PEM)'
complete -c certcheck -n "__fish_seen_subcommand_from $conn_cmds" -l key -r -F -d 'Private key of the client certificate'
complete -c certcheck -n "__fish_seen_subcommand_from $conn_cmds" -l timeout -x -d 'Bound on connect and handshake (s)'
complete -c certcheck -n "__fish_seen_subcommand_from $conn_cmds" -l tls-min -x -a '1.0 1.1 1.2 1.3' -d 'Lowest TLS version'
complete -c certcheck -n "__fish_seen_subcommand_from $conn_cmds" -l tls-max -x -a '1.0 1.1 1.2 1.3' -d 'Highest TLS version'
complete -c certcheck -n "__fish_seen_subcommand_from $conn_cmds" -l priority -x -d 'GnuTLS priority string'
complete -c certcheck -n "__fish_seen_subcommand_from $conn_cmds" -l proxy -x -d 'HTTP proxy URL (CONNECT)'
complete -c certcheck -n "__fish_seen_subcommand_from $conn_cmds" -l starttls -x -a 'smtp imap pop3 ftp ldap xmpp postgres mysql' -d 'Upgrade a plain connection first'
complete -c certcheck -n "__fish_seen_subcommand_from $conn_cmds" -l allow-key-usage-violation -d 'Accept a key usage without digitalSignature'
complete -c certcheck -n "__fish_seen_subcommand_from $conn_cmds" -l password-file -r -F -d 'Password of --key and PKCS#12 sources (first line)'
# verify
complete -c certcheck -n "__fish_seen_subcommand_from verify" -F
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l root -r -F -d 'Trust the certificates of SOURCE'
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l intermediate -r -F -d 'Untrusted certificates'
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l host -x -d 'The leaf must be valid for NAME'
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l ip -x -d 'The leaf must be valid for ADDR'
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l uri -x -d 'The leaf must carry this URI SAN'
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l purpose -x -a 'server client any' -d 'The EKU needed'
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l at -x -d 'Validate at TIME'
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l email -x -d 'The leaf must be valid for ADDR'
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l profile -x -a 'clients compat strict' -d 'Which rules fail the chain'
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l crl -r -F -d 'Check revocation against this CRL'
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l max-depth -x -d 'At most N intermediates'
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l fetch-intermediates -d 'Fetch missing issuers from AIA caIssuers'
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l ocsp -d "Ask the leaf's OCSP responder"
complete -c certcheck -n "__fish_seen_subcommand_from verify" -l ocsp-url -x -d 'Ask this OCSP responder (http://)'
complete -c certcheck -n "__fish_seen_subcommand_from verify" -s f -l format -x -a 'text json' -d 'Output format'

# diff
complete -c certcheck -n "__fish_seen_subcommand_from diff" -F
complete -c certcheck -n "__fish_seen_subcommand_from diff" -s f -l format -x -a 'text json' -d 'Output format'

# check
complete -c certcheck -n "__fish_seen_subcommand_from check" -F
complete -c certcheck -n "__fish_seen_subcommand_from check" -l expect-root -r -F -d 'The validated path ends at a certificate of SOURCE'
complete -c certcheck -n "__fish_seen_subcommand_from check" -l expect-intermediate -r -F -d 'This CA certificate is in the validated path'
complete -c certcheck -n "__fish_seen_subcommand_from check" -l expect-san -x -a 'DNS: IP: URI: EMAIL:' -d 'The leaf carries TYPE:VALUE'
complete -c certcheck -n "__fish_seen_subcommand_from check" -l expect-host -x -d 'The leaf is valid for NAME'
complete -c certcheck -n "__fish_seen_subcommand_from check" -l min-valid -x -d 'Every certificate of the path is valid this long (12h)'
complete -c certcheck -n "__fish_seen_subcommand_from check" -l same-root -d 'All sources validate to the same root'
complete -c certcheck -n "__fish_seen_subcommand_from check" -l root -r -F -d 'Also trust the roots of FILE'
complete -c certcheck -n "__fish_seen_subcommand_from check" -l profile -x -a 'clients compat strict' -d 'Which rules fail the path'
complete -c certcheck -n "__fish_seen_subcommand_from check" -l strict-clients -d 'Nothing strict TLS clients refuse'
complete -c certcheck -n "__fish_seen_subcommand_from check" -l require-ocsp-staple -d 'A good, verified, current stapled OCSP response'
complete -c certcheck -n "__fish_seen_subcommand_from check" -l fetch-intermediates -d 'Fetch missing intermediates from AIA caIssuers'
complete -c certcheck -n "__fish_seen_subcommand_from check" -l purpose -x -a 'server client any' -d 'What the leaf is for'
complete -c certcheck -n "__fish_seen_subcommand_from check" -l at -x -d 'Check at TIME'
complete -c certcheck -n "__fish_seen_subcommand_from check" -s f -l format -x -a 'text json junit openmetrics' -d 'Output format'

# roots
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -a roots -d 'Group sources by the root they lead to'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -F
complete -c certcheck -n "__fish_seen_subcommand_from roots" -s f -l format -x -a 'text json junit openmetrics' -d 'Output format'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l at -x -d 'Validate at TIME'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l cross -d 'Whether each chain validates to each trust bundle'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l root -r -F -d 'Roots for sources that send none'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l profile -x -a 'clients compat strict' -d 'Which rules fail a path'

# serve
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -a serve -d 'Serve Prometheus metrics for sources and probes'
complete -c certcheck -n "__fish_seen_subcommand_from serve" -F
complete -c certcheck -n "__fish_seen_subcommand_from serve" -l listen -x -d 'HOST:PORT to listen on'
complete -c certcheck -n "__fish_seen_subcommand_from serve" -l interval -x -d 'Refresh /metrics this often (60s)'
complete -c certcheck -n "__fish_seen_subcommand_from serve" -l max-probes -x -d 'At most N /probe checks at once'
complete -c certcheck -n "__fish_seen_subcommand_from serve" -l expect-root -r -F -d 'The validated path ends at a certificate of SOURCE'
complete -c certcheck -n "__fish_seen_subcommand_from serve" -l expect-intermediate -r -F -d 'This CA certificate is in the validated path'
complete -c certcheck -n "__fish_seen_subcommand_from serve" -l root -r -F -d 'Also trust the roots of FILE'
complete -c certcheck -n "__fish_seen_subcommand_from serve" -l profile -x -a 'clients compat strict' -d 'Which rules fail the path'
complete -c certcheck -n "__fish_seen_subcommand_from serve" -l expect-san -x -a 'DNS: IP: URI: EMAIL:' -d 'The leaf carries TYPE:VALUE'
complete -c certcheck -n "__fish_seen_subcommand_from serve" -l expect-host -x -d 'The leaf is valid for NAME'
complete -c certcheck -n "__fish_seen_subcommand_from serve" -l min-valid -x -d 'Every certificate of the path is valid this long (12h)'
complete -c certcheck -n "__fish_seen_subcommand_from serve" -l strict-clients -d 'Nothing strict TLS clients refuse'
complete -c certcheck -n "__fish_seen_subcommand_from serve" -l purpose -x -a 'server client any' -d 'What the leaf is for'

# -o FILE (every command with --format); many SOURCEs
set -l output_cmds show connect verify diff check roots
complete -c certcheck -n "__fish_seen_subcommand_from $output_cmds" -s o -l output -r -F -d 'Write the report to FILE'
set -l many_cmds show connect check roots serve
complete -c certcheck -n "__fish_seen_subcommand_from $many_cmds" -l targets -r -F -d 'Read SOURCEs from FILE'
complete -c certcheck -n "__fish_seen_subcommand_from $many_cmds" -s j -l jobs -x -d 'Load at most N sources at once'
