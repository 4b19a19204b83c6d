klappt --version
