klappt replay --help
