# docs/language.md: calendar functions (§§ 187, 188 BGB)
klappt check --json --rules docs/examples/kalender docs/examples/kalender/faelle.yaml
