# docs/language.md: parameters in the explanation tree
klappt check --explain --rules docs/examples/parameter_yaml docs/examples/parameter_yaml/faelle.yaml
