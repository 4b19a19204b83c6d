#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan, in build-fuzz/, only the fuzz
# targets) and runs each one on its seed corpus, assembled from the repository.
#
#   scripts/fuzz.sh                      # every target 20 s, one after the other (scripts/test.sh runs this)
#   scripts/fuzz.sh --seconds 300 fuzz_cases
#   scripts/fuzz.sh --seconds 3600 --parallel --logs /work/fuzzlogs
#   scripts/fuzz.sh --cpu-seconds 3600 --jobs 2 --logs /work/fuzzlogs   # the long run (README, Robustness)
#
# --cpu-seconds N stops each harness after N seconds of its own CPU time (not wall-clock time),
# so a harness that shares the machine still gets its full budget; --jobs K runs K at a time.
#
# A crash, a leak, a sanitizer report or an input slower than 10 s fails the run; the
# input is written to build-fuzz/artifacts/ and becomes a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=20
timeout=10
parallel=0
cpu_seconds=0
jobs=1
logs=""
targets=()
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --parallel) parallel=1; shift ;;
    --timeout) timeout=$2; shift 2 ;;
    --cpu-seconds) cpu_seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --logs) logs=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
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
  ${exec_fuzzer:+exec} "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -max_len=16384 \
    -dict=tests/fuzz/klappt.dict -artifact_prefix="$root/$build/artifacts/$t-" -print_final_stats=1 \
    "$build/corpus/$t" "$build/seeds/$t"
}

# Runs one harness until its process has used $cpu_seconds of CPU time, then interrupts it;
# libFuzzer answers SIGINT with its final statistics and exit code 72.
run_for_cpu_time() {
  local t=$1 log=$2
  seconds=$((cpu_seconds * 20)) # a bound on wall-clock time, only against a stuck monitor
  (exec_fuzzer=1; run "$t" >"$log" 2>&1) & # exec: $! is the fuzzer itself, whose CPU time is read
  local pid=$! ticks used
  ticks=$(getconf CLK_TCK)
  while kill -0 "$pid" 2>/dev/null; do
    sleep 10
    [ -r "/proc/$pid/stat" ] || break
    used=$(awk -v hz="$ticks" '{ sub(/^.*\) /, ""); print int(($12 + $13) / hz) }' "/proc/$pid/stat")
    if ((used >= cpu_seconds)); then kill -INT "$pid"; break; fi
  done
  local rc=0
  wait "$pid" || rc=$?
  ((rc == 0 || rc == 72))
}

failed=()
if ((cpu_seconds)); then
  running=()
  names=()
  for t in "${targets[@]}"; do
    while ((${#running[@]} >= jobs)); do
      wait -n || true
      still=() still_names=()
      for i in "${!running[@]}"; do
        if kill -0 "${running[$i]}" 2>/dev/null; then still+=("${running[$i]}"); still_names+=("${names[$i]}"); fi
      done
      running=("${still[@]}") names=("${still_names[@]}")
    done
    (run_for_cpu_time "$t" "${logs:-$build}/$t.log" || { echo "$t: FAILED" >"${logs:-$build}/$t.failed"; exit 1; }) &
    running+=($!) names+=("$t")
  done
  wait || true
  for t in "${targets[@]}"; do
    if [ -e "${logs:-$build}/$t.failed" ]; then failed+=("$t"); rm -f "${logs:-$build}/$t.failed"
    else echo "$t: $(grep -E '^stat::number_of_executed_units' "${logs:-$build}/$t.log" | tail -1)"; fi
  done
elif ((parallel)); then
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
if ((cpu_seconds)); then
  echo "fuzz: ${#targets[@]} targets, $cpu_seconds s of CPU time each, nothing found"
else
  echo "fuzz: ${#targets[@]} targets, $seconds s each, nothing found"
fi
