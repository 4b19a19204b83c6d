# klappt batch: the same cases as YAML and as a German Excel export (BOM, ;, CRLF, TT.MM.JJJJ, 1.234,56, ja/WAHR) give the same results
klappt batch --rules tests/batch/regeln --threads 2 tests/batch/faelle.yaml tests/batch/faelle_excel.csv
