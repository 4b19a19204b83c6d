# docs/language.md: parameters in the explanation tree
klappt check --explain=technisch --rules docs/examples/parameter_yaml docs/examples/parameter_yaml/faelle.yaml
