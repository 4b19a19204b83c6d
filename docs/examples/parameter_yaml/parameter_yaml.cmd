# docs/language.md: parameters and their YAML files
klappt check --json --rules docs/examples/parameter_yaml docs/examples/parameter_yaml/faelle.yaml
