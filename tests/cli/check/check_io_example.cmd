klappt check examples/io_beispiel.yaml
