# docs/language.md: instances in the explanation tree
klappt check --explain --rules docs/examples/module docs/examples/module/faelle.yaml
