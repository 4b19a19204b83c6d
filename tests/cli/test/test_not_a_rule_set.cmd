klappt test examples
