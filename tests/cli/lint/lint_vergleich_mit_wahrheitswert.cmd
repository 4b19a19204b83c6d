# issue 14: golden of the lint vergleich-mit-wahrheitswert (docs/lints/vergleich-mit-wahrheitswert.md)
klappt lint tests/golden/lint/vergleich-mit-wahrheitswert
