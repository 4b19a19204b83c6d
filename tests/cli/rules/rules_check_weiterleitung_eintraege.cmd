klappt rules check tests/golden/weiterleitung_regelwerk/eintraege
