klappt weiterleitung --bescheid examples/finanzen/bescheid_rhein_kreis_neuss.yaml examples/finanzen/weiterleitungen.csv --stichtag 2023-07-15 --csv /nonexistent-dir/bericht.csv
# The CSV file cannot be written: a German message, no report on stdout, exit 2.
