# docs/language.md: modules, import, module parameters, instances
klappt check --json --rules docs/examples/module docs/examples/module/faelle.yaml
