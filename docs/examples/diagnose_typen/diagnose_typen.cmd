# docs/language.md: diagnostics: names, types, duplicates, cycles
klappt rules check docs/examples/diagnose_typen
