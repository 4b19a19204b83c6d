# issue 14: klappt test --abdeckung lists rules and exceptions no test decides both ways
klappt test --abdeckung tests/golden/rule_tests/tests/beispiel.yaml
