# klappt fragen on a case of the bundled rules: birth date and residence status unknown
klappt fragen tests/fragen/teilfall_beispiel.yaml
