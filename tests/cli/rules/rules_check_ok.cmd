klappt rules check rules
