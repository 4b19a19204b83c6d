klappt report tests/batch/falsche_spalten.csv
# klappt report with a CSV whose header does not fit the rule set: German errors naming the columns, no report, exit 2
