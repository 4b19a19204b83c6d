# klappt fragen --json: one JSON line per case (fall, steht_fest, fehlend [feld, aendert, grund], ergebnis, then fest, offen, nicht_noetig, nicht_geprueft, vollstaendig, hinweise)
klappt fragen --json --rules docs/examples/teilfaelle docs/examples/teilfaelle/offen/teilfaelle.yaml
