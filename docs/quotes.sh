#!/usr/bin/env bash
# Keeps the quotes in docs/language.md identical to the example files and to the
# CLI goldens that run them, so the reference never shows a rule or an output
# that the engine does not produce.  A quote is a marker line followed by a
# fenced block whose body this script owns:
#
#   <!-- file: docs/examples/grundlagen/grundlagen.rules -->
#   <!-- file: docs/examples/grundlagen/grundlagen.rules lines 9-13 -->
#   <!-- stdout: docs/examples/grundlagen/grundlagen.expected -->     (the stdout part of a golden)
#   <!-- stderr: docs/examples/diagnose_typen/diagnose_typen.expected lines 1-6 -->
#
# Usage, from the source root:
#   docs/quotes.sh check    (default) prints a diff and fails when a quote is stale
#   docs/quotes.sh update   rewrites the quoted blocks in docs/language.md
set -u
mode=${1:-check}
doc=docs/language.md
marker='^<!-- (file|stdout|stderr): ([^ ]+)( lines ([0-9]+)-([0-9]+))? -->$'

# The text a marker stands for.
quote() {
  local kind=$1 path=$2 first=$3 last=$4
  if [ ! -f "$path" ]; then
    echo "quotes.sh: $path not found (quoted in $doc)" >&2
    return 1
  fi
  case $kind in
    file) cat -- "$path" ;;
    stdout) awk '/^--- stderr$/ { exit } on { print } /^--- stdout$/ { on = 1 }' "$path" ;;
    stderr) awk '/^--- exit / { exit } on { print } /^--- stderr$/ { on = 1 }' "$path" ;;
  esac | if [ -n "$first" ]; then sed -n "${first},${last}p"; else cat; fi
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
pending=""  # the marker whose block comes next
skipping=0  # inside a quoted block: its old body is replaced
{
  while IFS= read -r line || [ -n "$line" ]; do
    if [ $skipping = 1 ]; then
      [ "$line" = '```' ] || continue
      skipping=0
      printf '%s\n' "$line"
      continue
    fi
    printf '%s\n' "$line"
    if [ -n "$pending" ]; then
      if [[ $line != '```'* ]]; then
        echo "quotes.sh: a fenced block must follow “$pending”" >&2
        status=1
      else
        [[ $pending =~ $marker ]]
        quote "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[4]}" "${BASH_REMATCH[5]}" || status=1
        skipping=1
      fi
      pending=""
      continue
    fi
    if [[ $line =~ $marker ]]; then pending=$line; fi
  done <"$doc"
} >"$out"
[ $status = 0 ] || exit 1

case $mode in
  update) cat "$out" >"$doc" ;;
  check)
    if ! diff -u "$doc" "$out"; then
      echo "docs/language.md quotes differ from the examples or goldens; run docs/quotes.sh update and review"
      exit 1
    fi ;;
  *) echo "usage: docs/quotes.sh [check|update]" >&2; exit 2 ;;
esac
