klappt weiterleitung --json --bescheid examples/finanzen/bescheid_rhein_kreis_neuss.yaml examples/finanzen/weiterleitungen.yaml --stichtag 2023-07-15
# The same example from the YAML file, as JSON.
