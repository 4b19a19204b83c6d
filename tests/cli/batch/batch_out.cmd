# klappt batch --out: the file appears complete (written under a temporary name, renamed at the end), no temporary file is left
klappt batch --rules bench/workload --out /tmp/klappt-batch-out-$$.jsonl tests/batch/workload_edge.csv && wc -l </tmp/klappt-batch-out-$$.jsonl && rm /tmp/klappt-batch-out-$$.jsonl && ls /tmp/klappt-batch-out-$$* 2>/dev/null | wc -l
