klappt; klappt check; klappt check --gibtsnicht examples/io_beispiel.yaml; klappt batch --threads null examples/io_beispiel.yaml
