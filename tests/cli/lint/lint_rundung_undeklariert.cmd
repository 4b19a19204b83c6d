# issue 14: golden of the lint rundung-undeklariert (docs/lints/rundung-undeklariert.md)
klappt lint tests/golden/lint/rundung-undeklariert
