# klappt check --explain: an exception decided the age condition
klappt check --explain examples/altersausnahme_einzelfall.yaml
