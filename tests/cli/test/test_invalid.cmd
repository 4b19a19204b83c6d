klappt test tests/golden/rule_tests
