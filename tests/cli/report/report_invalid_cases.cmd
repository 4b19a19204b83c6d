klappt report --stichtag 2021-06-30 examples/io_beispiel.yaml examples/fehlerhaft/mehrere_faelle.yaml
