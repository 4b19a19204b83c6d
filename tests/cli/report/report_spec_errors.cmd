klappt report --bericht tests/golden/report/kaputt_bericht.yaml examples/io_beispiel.yaml
