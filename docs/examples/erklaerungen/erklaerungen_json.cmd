# docs/language.md: reasons as JSON
klappt check --json --rules docs/examples/erklaerungen docs/examples/erklaerungen/faelle.yaml
