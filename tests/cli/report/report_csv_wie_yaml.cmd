diff <(klappt report tests/golden/report/faelle.yaml 2>/dev/null) <(klappt report tests/golden/report/faelle.csv 2>/dev/null) && echo "gleicher Bericht aus YAML und CSV"
# klappt report over the same cases as YAML and as CSV: the same Zwischenbilanz (messages on stderr differ only in where they point)
