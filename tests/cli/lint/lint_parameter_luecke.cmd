# issue 14: golden of the lint parameter-luecke (docs/lints/parameter-luecke.md)
klappt lint tests/golden/lint/parameter-luecke
