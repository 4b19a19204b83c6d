#!/usr/bin/env bash
# Assembles one seed corpus per fuzz target from the repository's own files (rules,
# examples, test inputs) into OUT/<target>/: nothing is checked in twice, the seeds
# follow the files as they change.  Usage: tests/fuzz/seeds.sh SOURCE_DIR OUT_DIR
set -euo pipefail
src=$(cd "$1" && pwd)
out=$2
rm -rf "$out"
mkdir -p "$out"

# seed TARGET FILE... — copies each file, named after its path in the repository.
seed() {
  local target=$1; shift
  mkdir -p "$out/$target"
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "$out/$target/$(realpath --relative-to="$src" "$f" | tr '/' '_')"
  done
}

cd "$src"
shopt -s nullglob globstar
# Rule files: the first byte picks the bundled rule file the input replaces (fuzz_rules.cpp,
# in the order of the paths); any other rule file stands alone behind 0xFF.
mkdir -p "$out/fuzz_rules"
i=0
for f in $(LC_ALL=C ls -d rules/*.rules rules/*/*.rules | grep -v '^rules/finanzen/' | LC_ALL=C sort); do
  { printf "\\$(printf '%03o' "$i")"; cat "$f"; } > "$out/fuzz_rules/$(echo "$f" | tr '/' '_')"
  i=$((i + 1))
done
for f in rules/finanzen/*.rules tests/**/*.rules bench/workload/*.rules; do
  { printf '\377'; cat "$f"; } > "$out/fuzz_rules/$(echo "$f" | tr '/' '_')"
done
seed fuzz_cases examples/*.yaml examples/zeitachse/*.yaml examples/fehlerhaft/*.yaml \
  tests/golden/case_errors/*.yaml tests/timeline/fall.yaml
seed fuzz_case_csv tests/batch/*.csv
seed fuzz_forwarding_csv examples/finanzen/*.csv tests/golden/finanzen/*.csv
seed fuzz_bescheid examples/finanzen/bescheid*.yaml tests/golden/finanzen/bescheid*.yaml
seed fuzz_rule_tests rules/tests/*.yaml tests/golden/rule_tests/tests/*.yaml
seed fuzz_web_bodies examples/*.yaml tests/golden/case_errors/*.yaml
# The Prüfprotokoll reader: byte 0 picks the column (fuzz_protokoll.cpp), byte 1 the record.
seed fuzz_protokoll tests/fuzz/regressions/fuzz_protokoll/*

# Parameter files: the first byte picks which bundled file the input replaces
# (fuzz_parameters.cpp), so each file is its own seed behind its index.
mkdir -p "$out/fuzz_parameters"
i=0
for f in rules/parameter/*.yaml; do
  { printf "\\$(printf '%03o' "$i")"; cat "$f"; } > "$out/fuzz_parameters/$(basename "$f")"
  i=$((i + 1))
done
