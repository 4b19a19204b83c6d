# docs/language.md: overview, a first rule set (explanation tree)
klappt check --explain=technisch --rules docs/examples/grundlagen docs/examples/grundlagen/faelle.yaml
