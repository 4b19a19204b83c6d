# docs/language.md: --stichtag chooses other parameter versions
klappt check --json --stichtag 2022-03-01 --rules docs/examples/parameter_yaml docs/examples/parameter_yaml/faelle.yaml
