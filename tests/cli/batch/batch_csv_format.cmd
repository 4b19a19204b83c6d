# klappt batch --format csv: a header, plain values, a fehler column
klappt batch --rules tests/batch/regeln --format csv tests/batch/faelle_excel.csv tests/batch/fehlerhaft.csv
