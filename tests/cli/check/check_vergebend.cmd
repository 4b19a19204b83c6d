# forgiving case files: enum values by label, any case, declared words (auch …); canonical codes in the JSON of the template round trip
klappt check examples/vergebend_eingabe.yaml
