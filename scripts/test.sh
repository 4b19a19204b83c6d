#!/usr/bin/env bash
# The README's test command: installs what is missing, then three stages, each in its own
# build folder (ccache shared):
#   1. release   build/       every target (benchmarks too), the whole ctest suite
#   2. sanitizers build-asan/ the whole ctest suite again under ASan + UBSan (scripts/test_sanitizers.sh)
#   3. fuzz      build-fuzz/  every libFuzzer harness 20 s on its seeds (scripts/fuzz.sh)
# Any failure fails the command.  .ci/run runs exactly this (2 cores, 90 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

stage_times=()
stage() {  # stage NAME COMMAND...: runs it and notes its wall time
  local name=$1 start=$SECONDS
  shift
  echo "=== klappt test: $name"
  "$@"
  stage_times+=("$name: $((SECONDS - start)) s")
  echo "=== klappt test: $name done in $((SECONDS - start)) s"
}

release() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DKLAPPT_BENCHMARKS=ON
  cmake --build build -j"$(nproc)"
  ctest --test-dir build --output-on-failure -j"$(nproc)"
}

stage "release build + ctest" release
stage "ASan/UBSan build + ctest" ./scripts/test_sanitizers.sh
stage "fuzz build + smoke run" ./scripts/fuzz.sh --seconds 20

printf 'klappt test: all stages green\n'
printf '  %s\n' "${stage_times[@]}"
