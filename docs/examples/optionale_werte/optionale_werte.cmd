# docs/language.md: optional values, none, is set, narrowing
klappt check --json --rules docs/examples/optionale_werte docs/examples/optionale_werte/faelle.yaml
