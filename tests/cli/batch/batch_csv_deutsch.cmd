# klappt batch --format csv: German Excel (BOM, „;“, decimal comma, TT.MM.JJJJ, ja/nein, labels), one row per measure, an invalid case in „Fehler“
klappt batch --format csv examples/io_beispiel.yaml examples/sekundaer_sgb2_mit_abstimmung.yaml examples/coaching_und_ausbildung.yaml examples/fehlerhaft/mehrere_faelle.yaml
