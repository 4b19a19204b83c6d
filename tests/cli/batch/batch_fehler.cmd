# klappt batch: bad cells with file:line and column, a record check, a short row; the other rows are still evaluated
klappt batch --rules tests/batch/regeln --threads 3 tests/batch/fehlerhaft.csv
