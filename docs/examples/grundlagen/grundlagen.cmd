# docs/language.md: overview, a first rule set (text summary)
klappt check --rules docs/examples/grundlagen docs/examples/grundlagen/faelle.yaml
