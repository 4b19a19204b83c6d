# docs/language.md: diagnostics: parameter files
klappt rules check docs/examples/diagnose_parameter
