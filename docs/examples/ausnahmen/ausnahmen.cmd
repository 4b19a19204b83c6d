# docs/language.md: exceptions (default logic)
klappt check --json --rules docs/examples/ausnahmen docs/examples/ausnahmen/faelle.yaml
