# issue 14: golden of the lint ohne-quelle (docs/lints/ohne-quelle.md)
klappt lint tests/golden/lint/ohne-quelle
