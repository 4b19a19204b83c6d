# docs/language.md: operators and their types
klappt check --json --rules docs/examples/operatoren docs/examples/operatoren/faelle.yaml
