# docs/language.md: lists and records in the text summary
klappt check --rules docs/examples/listen docs/examples/listen/faelle.yaml
