klappt weiterleitung --bescheid tests/golden/finanzen/bescheid_drei_fehler.yaml tests/golden/finanzen/gute_weiterleitungen.csv --stichtag 2022-03-01
# A Bescheid with three mistakes (a Zeitraum that ends before it begins, an amount that is no number, a negative count): all three in one run, each at its field's line; nothing is checked; exit 2
