# fish completion for certcheck(1)

set -l commands show split help
set -a commands roots

complete -c certcheck -f
# Global options.
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -l version -d 'Print the version'
complete -c certcheck -s h -l help -d 'Show the help'
complete -c certcheck -s q -l quiet -d 'No notes on stderr'
complete -c certcheck -l color -x -a 'auto always never' -d 'Colour the output'

# Commands.
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -a show -d 'Print every certificate and the findings'
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -a split -d 'Write each certificate to its own PEM file'
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -a help -d 'Print the help of a command'
complete -c certcheck -n "__fish_seen_subcommand_from help" -a "$commands"

# show
complete -c certcheck -n "__fish_seen_subcommand_from show" -F
complete -c certcheck -n "__fish_seen_subcommand_from show" -s f -l format -x -a 'text json' -d 'Output format'
complete -c certcheck -n "__fish_seen_subcommand_from show" -l pem -d 'Print only the certificates as PEM'
complete -c certcheck -n "__fish_seen_subcommand_from show" -l at -x -d 'Judge validity at TIME'

# split
complete -c certcheck -n "__fish_seen_subcommand_from split" -F
complete -c certcheck -n "__fish_seen_subcommand_from split" -s d -l dir -x -a '(__fish_complete_directories)' -d 'Where to write'
complete -c certcheck -n "__fish_seen_subcommand_from split" -s p -l prefix -x -d 'File name prefix'
complete -c certcheck -n "__fish_seen_subcommand_from split" -l force -d 'Replace existing files'

# roots
complete -c certcheck -n "not __fish_seen_subcommand_from $commands" -a roots -d 'Group sources by the root they lead to'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -F
complete -c certcheck -n "__fish_seen_subcommand_from roots" -s f -l format -x -a 'text json' -d 'Output format'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l at -x -d 'Judge validity at TIME'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l sni -x -d 'Server name to send'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l no-sni -d 'Send no server name'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l alpn -x -d 'ALPN protocols to offer'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l cert -r -F -d 'Client certificate chain'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l key -r -F -d 'Client private key'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l timeout -x -d 'Seconds for connect and handshake'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l tls-min -x -a '1.2 1.3' -d 'Lowest TLS version'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l tls-max -x -a '1.2 1.3' -d 'Highest TLS version'
complete -c certcheck -n "__fish_seen_subcommand_from roots" -l priority -x -d 'GnuTLS priority string'
