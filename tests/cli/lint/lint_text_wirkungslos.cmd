# issue 14: golden of the lint text-wirkungslos (docs/lints/text-wirkungslos.md)
klappt lint tests/golden/lint/text-wirkungslos
