klappt weiterleitung --bescheid examples/finanzen/bescheid_rhein_kreis_neuss.yaml examples/finanzen/weiterleitungen.csv --stichtag 15.07.2023
# The example of examples/finanzen: 30 forwardings of the Rhein-Kreis Neuss, every kind of violation (W1–W8) at least once.
