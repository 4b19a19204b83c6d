# docs/language.md: overview, a first rule set (JSON Lines)
klappt check --json --rules docs/examples/grundlagen docs/examples/grundlagen/faelle.yaml
