# issue 14: every mistake of rules, parameter files and rule tests in one run, one message each
klappt rules check tests/golden/alle_fehler
