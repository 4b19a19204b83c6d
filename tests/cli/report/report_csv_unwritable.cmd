klappt report --csv /nonexistent-dir/bilanz.csv examples/io_beispiel.yaml
