# docs/language.md: rounding, min/max, texts, all_of/any_of
klappt check --json --rules docs/examples/zahlen_texte docs/examples/zahlen_texte/faelle.yaml
