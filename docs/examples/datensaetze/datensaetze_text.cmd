# docs/language.md: enums and records in the text summary (labels)
klappt check --rules docs/examples/datensaetze docs/examples/datensaetze/faelle.yaml
