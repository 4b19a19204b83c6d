klappt check --json --stichtag 01.05.2019 examples/io_beispiel.yaml
