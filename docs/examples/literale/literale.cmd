# docs/language.md: literals and how each type is written in JSON
klappt check --json --rules docs/examples/literale docs/examples/literale/faelle.yaml
