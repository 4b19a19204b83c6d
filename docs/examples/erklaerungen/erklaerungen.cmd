# docs/language.md: reasons, uses_example_values, the explanation tree
klappt check --explain=technisch --rules docs/examples/erklaerungen docs/examples/erklaerungen/faelle.yaml
