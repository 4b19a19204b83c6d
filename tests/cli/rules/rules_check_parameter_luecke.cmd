# issue 14: a parameter without a value on days a rule can ask for is a warning at rules check time
klappt rules check tests/golden/parameter_luecke
