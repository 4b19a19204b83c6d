#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and checks the
# bundled example cases with their German explanations.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)" --target klappt
./build/klappt check examples/*.yaml
