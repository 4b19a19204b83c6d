#!/usr/bin/env bash
# Time (wall and CPU: user + system) and peak memory (/usr/bin/time -v) of klappt report, batch and weiterleitung on
# inputs of about 50 MB, generated here from the bundled examples (nothing big is committed):
#   - cases as YAML: examples/kreis/rhein_kreis_synthetisch.yaml repeated (267 cases a copy);
#   - the same cases as CSV (one row per case) for report and batch;
#   - forwardings: examples/finanzen/weiterleitungen.csv repeated with unique numbers.
#   bench/large_inputs.sh BUILD_DIR [MEGABYTES]      (default 50)
set -eu
build=$(realpath "$1")
megabytes=${2:-50}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
klappt=$build/klappt
bytes=$((megabytes * 1000 * 1000))

# Cases (YAML): copies of the synthetic Kreis, each case id made unique by the copy number.
kreis=$src/examples/kreis/rhein_kreis_synthetisch.yaml
copy=0
while [ "$(stat -c %s "$work/faelle.yaml" 2>/dev/null || echo 0)" -lt "$bytes" ]; do
  copy=$((copy + 1))
  { [ $copy -gt 1 ] && echo '---'; sed "s/^fall: \(.*\)/fall: \1-K$copy/" "$kreis"; } >> "$work/faelle.yaml"
done

# Cases (CSV): the example case of io.md, one row per case.
{
  echo 'fall;stichtag;kommune.name;kommune.haushaltssicherung;person.geburtsdatum;person.geschlecht;person.aufenthaltsstatus;massnahmen.1.baustein;massnahmen.1.beginn;massnahmen.1.ende;massnahmen.1.eintritt;massnahmen.1.traegerart;massnahmen.1.unterrichtsstunden;massnahmen.1.pruefungsgebuehren;massnahmen.1.fahrtkosten_monat'
  awk -v bytes="$bytes" 'BEGIN { n = 0; size = 0
    while (size < bytes) { line = sprintf("RKN-%07d;15.03.2021;Rhein-Kreis Neuss;nein;17.05.2001;%s;duldung;F4;11.01.2021;30.06.2021;01.02.2021;vhs;240;120,00;49,00", n, n % 2 ? "w" : "m")
      print line; size += length(line) + 1; n++ } }'
} > "$work/faelle.csv"

# Forwardings: the example's rows again and again, each with its own number.
wl=$src/examples/finanzen/weiterleitungen.csv
{ head -n 1 "$wl"; awk -F';' -v OFS=';' -v bytes="$bytes" 'NR > 1 { rows[n++] = $0 }
  END { size = 0; k = 0; while (size < bytes) { for (i = 0; i < n && size < bytes; i++) { $0 = rows[i]; $1 = $1 "-" k; print; size += length($0) + 1 } k++ } }' "$wl"; } \
  > "$work/weiterleitungen.csv"

measure() {  # measure NAME COMMAND...
  local name=$1; shift
  /usr/bin/time -v "$@" > /dev/null 2> "$work/time.txt" || true
  local wall cpu rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f s", s }' "$work/time.txt")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  printf '%-34s %10s %10s  %6d MB\n' "$name" "$wall" "$cpu" $((rss / 1024))
}
printf 'inputs: faelle.yaml %d MB (%d cases), faelle.csv %d MB (%d rows), weiterleitungen.csv %d MB (%d rows)\n' \
  $(($(stat -c %s "$work/faelle.yaml") / 1000000)) "$(grep -c '^fall:' "$work/faelle.yaml")" \
  $(($(stat -c %s "$work/faelle.csv") / 1000000)) $(($(wc -l < "$work/faelle.csv") - 1)) \
  $(($(stat -c %s "$work/weiterleitungen.csv") / 1000000)) $(($(wc -l < "$work/weiterleitungen.csv") - 1))
printf '%-34s %10s %10s  %9s\n' command "wall time" "CPU time" "peak RSS"
measure "report faelle.yaml" "$klappt" report "$work/faelle.yaml"
measure "report faelle.csv" "$klappt" report "$work/faelle.csv"
measure "batch --threads 1 faelle.csv" "$klappt" batch --threads 1 "$work/faelle.csv"
measure "weiterleitung weiterleitungen.csv" "$klappt" weiterleitung --stichtag 2023-07-15 \
  --bescheid "$src/examples/finanzen/bescheid_rhein_kreis_neuss.yaml" "$work/weiterleitungen.csv"
