klappt weiterleitung --bescheid tests/golden/finanzen/bescheid_kurz.yaml tests/golden/finanzen/fehlerhafte_weiterleitungen.csv --stichtag 2022-03-01
# Bad rows are reported with line and column and left out; the other rows are checked; exit 2.
