# issue 14: golden of the lint ausgabe-ungetestet (docs/lints/ausgabe-ungetestet.md)
klappt lint tests/golden/lint/ausgabe-ungetestet
