klappt zeitachse --json examples/zeitachse/amira_statuswechsel.yaml
