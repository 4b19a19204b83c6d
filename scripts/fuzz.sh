#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan, in build-fuzz/, only the fuzz
# targets) and runs each one on its seed corpus, assembled from the repository.
#
#   scripts/fuzz.sh                      # every target 20 s, one after the other (scripts/test.sh runs this)
#   scripts/fuzz.sh --seconds 300 fuzz_cases
#   scripts/fuzz.sh --seconds 3600 --parallel --logs /work/fuzzlogs   # the long run (README, Robustness)
#
# A crash, a leak, a sanitizer report or an input slower than 10 s fails the run; the
# input is written to build-fuzz/artifacts/ and becomes a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=20
timeout=10
parallel=0
logs=""
targets=()
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --parallel) parallel=1; shift ;;
    --timeout) timeout=$2; shift 2 ;;
    --logs) logs=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
all=(fuzz_rules fuzz_parameters fuzz_cases fuzz_case_csv fuzz_forwarding_csv fuzz_bescheid fuzz_rule_tests fuzz_web_bodies fuzz_protokoll)
((${#targets[@]})) || targets=("${all[@]}")

# This build keeps debug line tables (readable traces), and ccache then keys every object by the
# build folder (hash_dir): a second clone on the same machine would compile everything again.
# With a ccache base_dir (this machine: /work) the paths in the objects are relative to the build
# folder anyway, so it need not be part of the key.
export CCACHE_NOHASHDIR=1
build=build-fuzz
# -O1 with line tables: the usual libFuzzer setting (fast enough to fuzz, quick to compile, readable traces).
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" \
  -DKLAPPT_FUZZ=ON -DBUILD_TESTING=OFF -DKLAPPT_BENCHMARKS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}"

tests/fuzz/seeds.sh . "$build/seeds"
mkdir -p "$build/artifacts"
[ -n "$logs" ] && mkdir -p "$logs"

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
run() {
  local t=$1
  mkdir -p "$build/corpus/$t"
  "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -max_len=16384 \
    -dict=tests/fuzz/klappt.dict -artifact_prefix="$root/$build/artifacts/$t-" -print_final_stats=1 \
    "$build/corpus/$t" "$build/seeds/$t"
}

failed=()
if ((parallel)); then
  pids=()
  for t in "${targets[@]}"; do
    run "$t" >"${logs:-$build}/$t.log" 2>&1 &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed+=("${targets[$i]}"); done
else
  for t in "${targets[@]}"; do
    log=${logs:-$build}/$t.log
    if run "$t" >"$log" 2>&1; then
      echo "$t: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)"
    else
      failed+=("$t")
      tail -n 60 "$log"
    fi
  done
fi
if ((${#failed[@]})); then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $build/artifacts/)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, $seconds s each, nothing found"
