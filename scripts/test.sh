#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test
# (unit, golden, CLI and the rule tests of rules/).  .ci/run runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DKLAPPT_BENCHMARKS=ON
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
