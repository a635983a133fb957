# fish completion for certcheck(1)

set -l commands show split help

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
