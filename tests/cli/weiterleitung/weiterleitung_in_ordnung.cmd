klappt weiterleitung --bescheid tests/golden/finanzen/bescheid_kurz.yaml tests/golden/finanzen/gute_weiterleitungen.csv --stichtag 2022-03-01
# Everything in order: exit 0.
