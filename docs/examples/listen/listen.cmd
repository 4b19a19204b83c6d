# docs/language.md: comprehensions, sets and lists
klappt check --json --rules docs/examples/listen docs/examples/listen/faelle.yaml
