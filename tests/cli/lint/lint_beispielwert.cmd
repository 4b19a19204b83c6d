# issue 14: golden of the lint beispielwert (docs/lints/beispielwert.md)
klappt lint tests/golden/lint/beispielwert
