klappt test tests/golden/rule_tests --filter gibt_es_nicht
