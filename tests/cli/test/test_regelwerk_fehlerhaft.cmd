# issue 14: a rule set that does not load gives a clear error, not „0 passed, 0 failed“
klappt test tests/golden/test_broken
