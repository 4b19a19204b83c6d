# Prüfprotokoll: a file that is not klappt's database is refused, unchanged, exit 2
set -o pipefail; d=$(mktemp -d) && cp README.md $d/fremd.db && klappt check --protokoll $d/fremd.db examples/io_beispiel.yaml 2>&1 | sed "s|$d|D|"; r=$?; cmp -s README.md $d/fremd.db && echo unverändert; rm -rf $d; exit $r
