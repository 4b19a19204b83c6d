# issue 14: golden of the lint ausnahme-wirkungslos (docs/lints/ausnahme-wirkungslos.md)
klappt lint tests/golden/lint/ausnahme-wirkungslos
