klappt check --stichtag 30.02.2021 examples/io_beispiel.yaml
