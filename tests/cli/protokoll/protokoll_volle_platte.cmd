# Prüfprotokoll: no space for the first record (files limited to 64 KB) — a German message, exit 3, nothing written
d=$(mktemp -d) && (trap '' XFSZ; ulimit -f 64; set -o pipefail; klappt check --protokoll $d/p.db --bearbeiter m examples/io_beispiel.yaml 2>&1 | sed "s|$d|D|"; echo "exit $?"); klappt protokoll pruefen $d/p.db | sed "s|$d|D|"; rm -rf $d
