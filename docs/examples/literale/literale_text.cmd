# docs/language.md: literals and how each type is written in the text summary
klappt check --rules docs/examples/literale docs/examples/literale/faelle.yaml
