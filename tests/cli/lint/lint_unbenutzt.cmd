# issue 14: golden of the lint unbenutzt (docs/lints/unbenutzt.md)
klappt lint tests/golden/lint/unbenutzt
