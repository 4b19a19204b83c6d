#!/usr/bin/env bash
# Runs one CLI golden test: NAME.cmd (tests/cli/<command>/, docs/examples/<topic>/) holds a command line starting with
# `klappt`; NAME.expected holds its stdout, stderr and exit code.  The rule set's
# sha256 is masked so that editing a rule does not touch every golden file.
#   run_cli_golden.sh KLAPPT_BINARY NAME.cmd       (KLAPPT_UPDATE_GOLDEN=1 rewrites)
set -u
klappt_bin=$1
cmd_file=$2
expected_file=${cmd_file%.cmd}.expected
cmd=$(grep -v '^#' "$cmd_file" | head -n 1)
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
# `klappt` anywhere in the command line runs the binary under test.
klappt() { "$klappt_bin" "$@"; }
(eval "$cmd") >"$out" 2>"$err" </dev/null
code=$?
# The Prüfprotokoll's times and hashes (they change with every run) are masked as well.
mask() { sed -E 's/"sha256": "[0-9a-f]{64}"/"sha256": "…"/g; s/sha256 [0-9a-f]{64}/sha256 …/g;
  s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z/ZEIT/g; s/[0-9]{2}\.[0-9]{2}\.[0-9]{4} [0-9]{2}:[0-9]{2} UTC/ZEIT/g;
  s/[0-9a-f]{64}/HASH/g; s/sha256 [0-9a-f]{12}…/sha256 …/g'; }
actual=$(printf '$ %s\n--- stdout\n%s\n--- stderr\n%s\n--- exit %s\n' "$cmd" "$(mask <"$out")" "$(mask <"$err")" "$code")
if [ "${KLAPPT_UPDATE_GOLDEN:-}" = 1 ]; then
  printf '%s\n' "$actual" >"$expected_file"
  exit 0
fi
if [ ! -f "$expected_file" ]; then
  echo "missing $expected_file (KLAPPT_UPDATE_GOLDEN=1 creates it)"; exit 1
fi
if ! diff -u "$expected_file" <(printf '%s\n' "$actual"); then
  echo "CLI output differs from $expected_file (KLAPPT_UPDATE_GOLDEN=1 rewrites it; review the diff)"
  exit 1
fi
