# docs/language.md: every quoted rule file and output equals the example files and goldens
klappt --version >/dev/null && docs/quotes.sh check
