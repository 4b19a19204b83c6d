# docs/language.md: case errors (invalid input)
klappt check --json --rules docs/examples/datensaetze docs/examples/datensaetze/fehlerhafte_faelle.yaml
