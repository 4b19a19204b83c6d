klappt test rules/tests/kurs.yaml --filter kurs_eintritt
