klappt protokoll --help
