# docs/language.md: diagnostics: syntax errors and the nesting limit
klappt rules check docs/examples/diagnose_syntax
