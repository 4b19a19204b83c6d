klappt report tests/golden/report/faelle.csv
# klappt report reads CSV cases as klappt batch does: the same Zwischenbilanz as from YAML; a bad row is reported with its line and column, left out and counted
