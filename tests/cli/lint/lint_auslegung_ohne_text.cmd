# issue 14: golden of the lint auslegung-ohne-text (docs/lints/auslegung-ohne-text.md)
klappt lint tests/golden/lint/auslegung-ohne-text
