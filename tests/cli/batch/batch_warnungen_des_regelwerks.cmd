# klappt batch shows the rule set's warnings (a parameter without a valid value on some days) as rules check does, then runs
klappt batch --rules tests/golden/parameter_luecke tests/golden/parameter_luecke/faelle.csv
