klappt check --help
