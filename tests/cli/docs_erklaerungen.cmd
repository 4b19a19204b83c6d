# docs/language.md: reasons, uses_example_values, the explanation tree
klappt check --explain --rules docs/examples/erklaerungen docs/examples/erklaerungen/faelle.yaml
