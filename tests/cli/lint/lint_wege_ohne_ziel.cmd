# issue 12: golden of the lint wege-ohne-ziel (docs/lints/wege-ohne-ziel.md)
klappt lint tests/golden/lint/wege-ohne-ziel
