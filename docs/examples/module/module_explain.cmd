# docs/language.md: instances in the explanation tree
klappt check --explain=technisch --rules docs/examples/module docs/examples/module/faelle.yaml
