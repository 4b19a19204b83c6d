klappt check gibt/es/nicht.yaml
