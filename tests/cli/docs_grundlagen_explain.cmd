# docs/language.md: overview, a first rule set (explanation tree)
klappt check --explain --rules docs/examples/grundlagen docs/examples/grundlagen/faelle.yaml
