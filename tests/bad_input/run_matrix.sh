#!/usr/bin/env bash
# The bad-input matrix (issue 15): every row of tests/bad_input/matrix.txt runs the real
# `klappt` on a malformed input and checks
#   - the exit code (exactly; a crash or a signal is never expected),
#   - a German message fragment in stdout or stderr,
#   - that an output file named in the row does not exist afterwards (or, with `=X`,
#     still holds the text „alt“ it had before), and that no temporary file `*.tmp-*` is left.
# Inputs are generated here, in a fresh temporary folder, at test time (big ones too: a
# 10 MB line, 10 000-deep YAML); nothing big is committed.  After the table, the runs that
# are interrupted (SIGINT, SIGTERM, kill -9 and the stale-file cleanup of the next run).
#   run_matrix.sh KLAPPT_BINARY SOURCE_DIR
set -u
klappt_bin=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
klappt() { "$klappt_bin" "$@"; }

# ---- inputs ----------------------------------------------------------------------------------
case_ok=$src/examples/io_beispiel.yaml
cp "$case_ok" ok.yaml
cp "$src/examples/finanzen/bescheid_rhein_kreis_neuss.yaml" bescheid.yaml
cp "$src/examples/finanzen/weiterleitungen.csv" wl.csv
cp -r "$src/tests/batch/regeln" regeln
cp "$src/tests/batch/faelle_excel.csv" faelle.csv
replace() { sed "s|$2|$3|" "$1"; }  # replace FILE FROM TO → stdout
: > leer.yaml
printf '# nur ein Kommentar\n\n' > kommentar.yaml
printf -- '---\n---\n' > nur_trenner.yaml
mkdir ordner
head -c 180 "$case_ok" > abgeschnitten.yaml
printf 'fall: "X-1\nstichtag: 2021-03-15\n' > abgeschnitten_text.yaml
awk 'BEGIN { srand(15); for (i = 0; i < 4096; i++) printf "%c", int(rand() * 256) }' > binaer.bin
cp binaer.bin binaer.yaml; cp binaer.bin binaer.csv
{ head -n 8 "$case_ok"; printf '\xef\xbb\xbf'; tail -n +9 "$case_ok"; } > bom_mitte.yaml
{ head -n 8 "$case_ok"; printf 'x\0y\n'; tail -n +9 "$case_ok"; } > nul.yaml
replace "$case_ok" 'name: Rhein-Kreis Neuss' 'name: Rhein-Kreis \xfcNeuss' | sed 's/\\xfc/\xfc/' > latin1.yaml
{ sed 's/geschlecht: w/geschlecht: /' "$case_ok" | head -n 9; head -c 10000000 /dev/zero | tr '\0' 'w'; echo; tail -n +11 "$case_ok"; } > zeile_10mb.yaml
{ printf 'fall: T-1\nstichtag: '; head -c 10000 /dev/zero | tr '\0' '['; head -c 10000 /dev/zero | tr '\0' ']'; echo; } > tief.yaml
cat > bombe.yaml <<'EOF'
a: &a ["x","x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
fall: *i
EOF
{ head -n 3 "$case_ok"; echo 'fall: DOPPELT'; tail -n +4 "$case_ok"; } > doppelt.yaml
replace "$case_ok" 'geburtsdatum: 2001-05-17' 'geburtsdatum: 0000-01-01' > geb_0000.yaml
replace "$case_ok" 'geburtsdatum: 2001-05-17' 'geburtsdatum: 2031-05-17' > geb_2031.yaml
replace "$case_ok" 'geburtsdatum: 2001-05-17' 'geburtsdatum: 1899-12-31' > geb_1899.yaml
replace "$case_ok" 'stichtag: 2021-03-15' 'stichtag: 9999-12-31' > stichtag_9999.yaml
replace "$case_ok" 'stichtag: 2021-03-15' 'stichtag: 2021-13-01' > stichtag_monat13.yaml
replace "$case_ok" 'stichtag: 2021-03-15' 'stichtag: 0000-01-01' > stichtag_0000.yaml
replace "$case_ok" 'unterrichtsstunden: 240' 'unterrichtsstunden: -240' > ustd_negativ.yaml
replace "$case_ok" 'unterrichtsstunden: 240' 'unterrichtsstunden: 99999999999999999999999' > ustd_65bit.yaml
replace "$case_ok" 'unterrichtsstunden: 240' 'unterrichtsstunden: 1e30' > ustd_1e30.yaml
replace "$case_ok" 'pruefungsgebuehren: 120.00' 'pruefungsgebuehren: 1e30' > gebuehr_1e30.yaml
replace "$case_ok" 'pruefungsgebuehren: 120.00' 'pruefungsgebuehren: -120.00' > gebuehr_negativ.yaml
replace "$case_ok" 'pruefungsgebuehren: 120.00' 'pruefungsgebuehren: 99999999999999999999.00' > gebuehr_riesig.yaml
replace "$case_ok" 'baustein: F4' 'baustein: F7' > baustein_f7.yaml
replace "$case_ok" 'aufenthaltsstatus: duldung' 'aufenthaltsstatus: Dulding' > status_tippfehler.yaml
replace "$case_ok" 'aufenthaltsstatus: duldung' 'aufenthaltsstatus: Duldung (§ 60a AufenthG)' > status_bezeichnung.yaml
replace "$case_ok" 'fall: RKN-2021-0042' 'fall:RKN-2021-0042' > doppelpunkt_leerzeichen.yaml
replace "$case_ok" 'geburtsdatum: 2001-05-17' 'geburtsdatum:2001-05-17' > doppelpunkt_leerzeichen_person.yaml
replace "$case_ok" 'name: Rhein-Kreis Neuss' 'name: Kreis: Rhein-Kreis Neuss' > doppelpunkt_im_text.yaml
replace "$case_ok" 'beginn: 2021-01-11' 'beginn: 1999-12-31' > beginn_1999.yaml
replace "$case_ok" 'eintritt: 2021-02-01' 'eintritt: 9999-12-31' > eintritt_9999.yaml
replace "$case_ok" 'aufenthaltsstatus: duldung' 'aufenthaltsstatus: "dul\\qdung"' > escape.yaml
replace "$case_ok" '  geschlecht: w' '\tgeschlecht: w' | sed 's/\\t/\t/' > tab.yaml
replace "$case_ok" '^person:' 'person: [1, 2]' | sed '/^  geburtsdatum/,/^  aufenthaltsstatus/d' > liste_statt_satz.yaml
printf -- '- fall: X\n- fall: Y\n' > liste_oben.yaml
printf 'fall: "offen\n' > offenes_zitat.yaml
printf "fall: RKN-1\nstichtag: '2021-03-15\nperson:\n  geburtsdatum: '2001-05-17'\n" > offenes_zitat_einfach.yaml
# CSV cases (batch with tests/batch/regeln)
: > leer.csv
printf '\xef\xbb\xbf' > nur_bom.csv
head -n 1 faelle.csv > nur_kopf.csv
printf 'gibt;es;nicht\n1;2;3\n' > falscher_kopf.csv
{ head -n 2 faelle.csv; printf 'B-9;15.03.2021;Neuss\0;;17.05.2001;duldung;nein;;;;;;;;;;\n'; } > nul.csv
{ head -n 1 faelle.csv; printf 'B-9;15.03.2021;'; head -c 10000000 /dev/zero | tr '\0' 'x'; printf ';;17.05.2001;duldung;nein;;;;;;;;;;\n'; } > zeile_10mb.csv
{ head -n 2 faelle.csv; printf '\xef\xbb\xbfB-3;15.03.2021;;;01.01.1990;duldung;nein;;;;;;;;;;\n'; } > bom_mitte.csv
{ head -n 2 faelle.csv; printf 'B-3;15.03.2021;;;01.01.1990;duldung;nein;;;;;;;;;;;;;;\n'; } > zu_viele_felder.csv
{ head -n 2 faelle.csv; printf 'B-3;2021-13-01;;;01.01.1990;duldung;nein;;;;;;;;;;\n'; } > monat13.csv
{ head -n 2 faelle.csv; printf '=HYPERLINK("http://x");15.03.2021;;;01.01.1990;duldung;nein;;;;;;;;;;\n'; } > formel.csv
head -c 300 faelle.csv > abgeschnitten.csv
# CSV cases for the bundled rules (klappt report)
cp "$src/tests/golden/report/faelle.csv" report_faelle.csv
{ head -n 2 report_faelle.csv; printf 'RKN-9;15.03.2021;Neuss\0;nein;17.05.2001;w;duldung;;;;;;;;\n'; } > report_nul.csv
{ head -n 2 report_faelle.csv; printf 'RKN-9;15.03.2021;M\xfcnster;nein;17.05.2001;w;duldung;;;;;;;;\n'; } > report_cp1252.csv
# Forwardings and Bescheid (weiterleitung)
: > leer_wl.csv
head -n 1 wl.csv > nur_kopf_wl.csv
{ head -n 2 wl.csv; sed -n 3p wl.csv | sed 's/Diakonie Rhein-Kreis Neuss/Diakonie; Rhein-Kreis Neuss/'; } > wl_semikolon.csv
{ head -n 2 wl.csv; sed -n 3p wl.csv | sed 's/$/;überzählig/'; } > wl_extra_feld.csv
{ head -n 2 wl.csv; sed -n 3p wl.csv | sed 's/Diakonie Rhein-Kreis Neuss/Diakonie M\xfcnster/'; } > wl_cp1252_zeile.csv
{ head -n 2 wl.csv; sed -n 3p wl.csv | sed 's/22.500,00/99999999999999999999,00/'; } > wl_riesig.csv
{ head -n 2 wl.csv; sed -n 3p wl.csv | sed 's/22.500,00/-22.500,00/'; } > wl_negativ.csv
{ head -n 2 wl.csv; sed -n 3p wl.csv | sed 's/01.04.2020;31.12.2020/00.00.0000;31.12.2020/'; } > wl_datum_0000.csv
{ head -n 2 wl.csv; sed -n 3p wl.csv | sed 's/01.04.2020;31.12.2020/01.04.0200;31.12.2020/'; } > wl_jahr_0200.csv
{ head -n 2 wl.csv; sed -n 3p wl.csv | sed 's/01.04.2020;31.12.2020/01.13.2020;31.12.2020/'; } > wl_monat13.csv
{ head -n 2 wl.csv; sed -n 3p wl.csv | sed 's/WL-2020-09/=HYPERLINK("http:\/\/x")/'; } > wl_formel.csv
{ head -n 2 wl.csv; sed -n 3p wl.csv | sed 's/;Bildungsträger;/;Zauberschule;/'; } > wl_enum.csv
sed 's/^geduldete_18_27: 312/geduldete_18_27: -1/; s/^  von: 2020-04-01/  von: 2023-04-01/; s/^    betrag: 28000.00/    betrag: zwei/' bescheid.yaml > bescheid_drei_fehler.yaml
: > bescheid_leer.yaml
cp bombe.yaml bescheid_bombe.yaml
# What people hand over instead of text: the workbook, the PDF of the Bescheid, Excel's „Unicode-Text“.
{ printf 'PK\x03\x04\x14\x00\x06\x00'; cat binaer.bin; } > weiterleitungen.xlsx
{ printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n'; cat binaer.bin; } > bescheid.pdf
head -n 3 faelle.csv | iconv -f UTF-8 -t UTF-16 > utf16.csv
# Rule sets and rule tests
mkdir regeln_leer regeln_kaputt regeln_binaer
cp "$src/tests/batch/regeln/regelwerk.yaml" regeln_kaputt/; printf 'module x\noutput a: int = 1 +\n' > regeln_kaputt/x.rules
cp "$src/tests/batch/regeln/regelwerk.yaml" regeln_binaer/; cp binaer.bin regeln_binaer/x.rules
mkdir tests_leer; : > tests_leer/leer.yaml

# ---- the table -------------------------------------------------------------------------------
failures=0 rows=0
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  IFS='|' read -r name want fragment nofile command <<<"$line"
  name=$(echo $name) want=$(echo $want) nofile=$(echo $nofile)
  fragment=$(sed -E 's/^ +| +$//g' <<<"$fragment")
  rows=$((rows + 1))
  [[ "$nofile" == =* ]] && printf 'alt\n' > "${nofile#=}"
  (eval "$command") >out.txt 2>err.txt </dev/null
  got=$?
  problem=""
  [ "$got" = "$want" ] || problem="exit $got statt $want"
  if [ "$got" -ge 128 ]; then problem="abgestürzt (Signal $((got - 128)))"; fi
  if ! grep -aqF -- "$fragment" out.txt err.txt; then problem="$problem; Meldung „$fragment“ fehlt"; fi
  if [[ "$nofile" == =* ]]; then
    [ "$(cat "${nofile#=}")" = alt ] || problem="$problem; ${nofile#=} wurde verändert"
  elif [ "$nofile" != "-" ] && [ -e "$nofile" ]; then
    problem="$problem; Ausgabedatei $nofile ist entstanden"
  fi
  if compgen -G '*.tmp-*' >/dev/null; then problem="$problem; Temporärdatei übrig: $(ls ./*.tmp-*)"; rm -f ./*.tmp-*; fi
  [[ "$nofile" == =* ]] && rm -f "${nofile#=}"
  if [ -n "$problem" ]; then
    failures=$((failures + 1))
    echo "FAIL $name: ${problem#; }"
    echo "  \$ $command"
    head -c 600 err.txt | sed 's/^/  stderr: /'
  fi
done <"$src/tests/bad_input/matrix.txt"
duplicates=$(grep -v '^#' "$src/tests/bad_input/matrix.txt" | grep -v '^$' | cut -d'|' -f1 | sed 's/ *$//' | sort | uniq -d)
[ -z "$duplicates" ] || { echo "FAIL: rows named twice: $duplicates"; failures=$((failures + 1)); }
echo "bad-input matrix: $rows rows, $failures failed"
[ "$rows" -ge 80 ] || { echo "FAIL: fewer than 80 rows"; failures=$((failures + 1)); }

# ---- interrupted runs: no file left, nothing changed -------------------------------------------
# Job control, so background runs get SIGINT like an interactive Ctrl+C (a non-interactive
# shell would start them with SIGINT ignored).
set -m
# The input is a FIFO that stays open, so the run is certainly still going when the signal comes.
mkfifo zulauf.csv
for sig in INT TERM KILL; do
  printf 'alt\n' > ergebnis.jsonl
  exec 3<>zulauf.csv
  # env: a shell started in the background inherits SIGINT ignored; the run must see it as Ctrl+C does.
  env --default-signal=INT,TERM "$klappt_bin" batch --rules regeln --threads 1 zulauf.csv --out ergebnis.jsonl 2>/dev/null &
  pid=$!
  head -n 3 faelle.csv >&3
  for _ in $(seq 1 200); do compgen -G 'ergebnis.jsonl.tmp-*' >/dev/null && break; sleep 0.02; done
  sleep 0.2
  kill -s "$sig" "$pid"
  wait "$pid"
  code=$?
  exec 3>&-
  rows=$((rows + 1))
  if [ "$code" -lt 128 ]; then echo "FAIL signal $sig: the run ended before the signal (exit $code)"; failures=$((failures + 1)); fi
  [ "$(cat ergebnis.jsonl)" = alt ] || { echo "FAIL signal $sig: ergebnis.jsonl was changed"; failures=$((failures + 1)); }
  if [ "$sig" = KILL ]; then
    # kill -9 cannot be caught: the temporary file stays until the next run to the same target.
    compgen -G 'ergebnis.jsonl.tmp-*' >/dev/null || { echo "FAIL kill -9: expected a stale temporary file"; failures=$((failures + 1)); }
    klappt batch --rules regeln faelle.csv --out ergebnis.jsonl 2>/dev/null
    compgen -G 'ergebnis.jsonl.tmp-*' >/dev/null && { echo "FAIL kill -9: the next run left the stale temporary file"; failures=$((failures + 1)); }
    grep -q '"B-1"' ergebnis.jsonl || { echo "FAIL kill -9: the next run did not write ergebnis.jsonl"; failures=$((failures + 1)); }
  else
    compgen -G 'ergebnis.jsonl.tmp-*' >/dev/null && { echo "FAIL signal $sig: temporary file left"; failures=$((failures + 1)); rm -f ergebnis.jsonl.tmp-*; }
  fi
done
set +m
echo "interrupted runs checked: SIGINT, SIGTERM, kill -9 + stale cleanup"
[ "$failures" = 0 ]
