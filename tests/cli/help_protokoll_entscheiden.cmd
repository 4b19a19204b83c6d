klappt protokoll entscheiden --help
