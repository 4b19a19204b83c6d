# issue 14: golden of the lint immer-gleich (docs/lints/immer-gleich.md)
klappt lint tests/golden/lint/immer-gleich
