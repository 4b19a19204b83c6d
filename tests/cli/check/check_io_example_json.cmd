klappt check --json examples/io_beispiel.yaml
