klappt batch --rules tests/batch/regeln tests/batch/textfehler.csv
# klappt batch: a NUL byte, a BOM in the middle and a Windows-1252 byte are errors of their row, naming the column; the other rows go through
