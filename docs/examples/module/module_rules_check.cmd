# docs/language.md: klappt rules check on a clean rule set
klappt rules check docs/examples/module
