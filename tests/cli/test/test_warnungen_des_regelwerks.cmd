# klappt test shows the rule set's warnings (parameter gaps) before the results, though every test passes
klappt test tests/golden/parameter_luecke
