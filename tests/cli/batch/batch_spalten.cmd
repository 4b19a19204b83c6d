# klappt batch: unknown, doubled, misplaced and missing columns are reported once; the file is not evaluated
klappt batch --rules tests/batch/regeln tests/batch/falsche_spalten.csv tests/batch/gibt_es_nicht.csv
