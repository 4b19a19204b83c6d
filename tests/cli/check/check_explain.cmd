klappt check --explain examples/io_beispiel.yaml
