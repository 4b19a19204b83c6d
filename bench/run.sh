#!/usr/bin/env bash
# Whole-process benchmarks of klappt, printed as cases/s and milliseconds:
#   - klappt batch over the throughput workload (N = 200 000, seed 42, CSV in,
#     JSON Lines out), one thread and all threads, checked against the
#     generator's summary (52 196 eligible, 12 293 160 000 cents);
#   - klappt rules check rules/ (load, parse, type-check, link);
#   - klappt check examples/io_beispiel.yaml (one case, whole process).
# Each figure is the median of RUNS runs (default 5; 21 for the short ones).
#
#   bench/run.sh [BUILD_DIR]          (default: build; N=…, SEED=…, RUNS=… override)
#   bench/run.sh build --google       also the Google Benchmark programs (repetitions, medians)
#
# Needs Node.js for the generator (bench/workload/reference/gen.mjs, a copy of ../shared/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
google=${2:-}
klappt=$build/klappt
N=${N:-200000}
SEED=${SEED:-42}
RUNS=${RUNS:-5}
[ -x "$klappt" ] || { echo "bench/run.sh: $klappt fehlt (cmake --build $build --target klappt)" >&2; exit 2; }
command -v node >/dev/null || { echo "bench/run.sh: Node.js fehlt (scripts/setup.sh installiert es)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Runs "$@" RUNS times (output to $work/out), prints the median wall time in seconds.
timed() {
  local runs=$1; shift
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(now)
    "$@" >"$work/out" 2>"$work/err" || { echo "failed: $*" >&2; cat "$work/err" >&2; exit 1; }
    t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f\n", b - a}'
  done | median
}

echo "== machine"
echo "$(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(uptime | sed 's/.*load/load/')"
echo "klappt: $($klappt --version), build $build"

echo "== workload: N=$N, seed $SEED (bench/workload/reference/gen.mjs)"
node bench/workload/reference/gen.mjs --n "$N" --seed "$SEED" --out "$work" >/dev/null
csv=$work/cases-$N-s$SEED.csv
expected=$(node -e "const s=require('$work/cases-$N-s$SEED.summary.json'); console.log(s.eligible+' '+s.total_cents)")
echo "generator summary: eligible total_cents = $expected"

check_totals() {  # the JSON Lines of klappt batch against the generator's summary
  local got
  got=$(awk -F'"amount": "' '/"eligible": true/ {e++} {split($2, a, "\""); gsub(/\./, "", a[1]); t += a[1]} END {printf "%d %.0f", e, t}' "$1")
  [ "$got" = "$expected" ] || { echo "MISMATCH: klappt batch gives $got, the generator $expected" >&2; exit 1; }
}

for threads in 1 "$(nproc)"; do
  seconds=$(timed "$RUNS" "$klappt" batch --rules bench/workload --threads "$threads" --out "$work/result.jsonl" "$csv")
  check_totals "$work/result.jsonl"
  printf 'klappt batch --threads %s (CSV in, JSON Lines out, whole process): %.3f s = %.2f M cases/s  [totals match]\n' \
    "$threads" "$seconds" "$(awk -v n="$N" -v s="$seconds" 'BEGIN {print n / s / 1e6}')"
done

echo "== rules and one case (whole process, median of 21)"
seconds=$(timed 21 "$klappt" rules check rules)
printf 'klappt rules check rules: %.1f ms\n' "$(awk -v s="$seconds" 'BEGIN {print s * 1000}')"
seconds=$(timed 21 "$klappt" check examples/io_beispiel.yaml)
printf 'klappt check examples/io_beispiel.yaml: %.1f ms\n' "$(awk -v s="$seconds" 'BEGIN {print s * 1000}')"

if [ "$google" = "--google" ]; then
  echo "== Google Benchmark (median of 5 repetitions)"
  for program in klappt_bench_workload klappt_bench_rules klappt_bench_evaluate; do
    [ -x "$build/bench/$program" ] || { echo "($build/bench/$program is not built)"; continue; }
    "$build/bench/$program" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true 2>/dev/null |
      grep -E '_median|^-|^Benchmark'
  done
fi
