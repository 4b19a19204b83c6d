# klappt batch over the 28 hand-computed edge cases of the throughput workload (bench/workload)
klappt batch --rules bench/workload --threads 2 tests/batch/workload_edge.csv
