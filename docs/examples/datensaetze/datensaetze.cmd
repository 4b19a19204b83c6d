# docs/language.md: enums and records
klappt check --json --rules docs/examples/datensaetze docs/examples/datensaetze/faelle.yaml
