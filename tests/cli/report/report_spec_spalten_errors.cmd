klappt report --bericht tests/golden/report/kaputt_spalten.yaml examples/io_beispiel.yaml
