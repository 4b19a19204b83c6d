klappt rules check tests/golden/broken_ruleset
