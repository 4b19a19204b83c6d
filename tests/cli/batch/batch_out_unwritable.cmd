# klappt batch --out into a folder that does not exist: an error before anything is evaluated
klappt batch --rules bench/workload --out /gibt/es/nicht/x.jsonl tests/batch/workload_edge.csv
