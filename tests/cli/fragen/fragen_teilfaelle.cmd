# klappt fragen: partial cases of the docs example rule set (unbekannt or left out), text
klappt fragen --rules docs/examples/teilfaelle docs/examples/teilfaelle/offen/teilfaelle.yaml
