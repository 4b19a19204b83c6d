klappt test tests/golden/rule_tests/tests/beispiel.yaml
