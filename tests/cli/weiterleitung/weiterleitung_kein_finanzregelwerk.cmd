klappt weiterleitung --rules rules --bescheid examples/finanzen/bescheid_rhein_kreis_neuss.yaml examples/finanzen/weiterleitungen.csv --stichtag 15.07.2023
# A rule set whose regelwerk.yaml does not declare `weiterleitung:` (here the bundled case rules) is refused, in German.
