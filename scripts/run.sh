#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and opens the KI desk
# in the browser (`klappt web`): it says the address to open and where the data is kept.
# Stop it with Ctrl+C.  Further options are passed on, e.g. ./scripts/run.sh --port 8090
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DKLAPPT_BENCHMARKS=ON
cmake --build build -j"$(nproc)" --target klappt
echo
echo "Der KI-Desk startet. Öffnen Sie die unten genannte Adresse im Browser (z. B. http://127.0.0.1:8080/)."
echo "Einen Fall prüfen: „Neuen Fall anlegen“, Angaben eintragen, „Speichern und prüfen“."
echo
exec ./build/klappt web "$@"
