# docs/language.md: exceptions in the summary and the explanation tree
klappt check --explain=technisch --rules docs/examples/ausnahmen docs/examples/ausnahmen/faelle.yaml
