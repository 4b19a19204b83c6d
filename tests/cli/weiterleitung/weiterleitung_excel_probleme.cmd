klappt weiterleitung --bescheid tests/golden/finanzen/bescheid_kurz.yaml tests/golden/finanzen/excel_probleme.csv --stichtag 2022-03-01
# Excel's slips in a UTF-8 file: a date without leading zeros is read; a „;“ in a text, a value past the last column, one Windows-1252 row and an amount too large are one error each, listed as „nicht geprüft“, the sums marked incomplete; exit 2
