klappt check --explain=technisch examples/io_beispiel.yaml
