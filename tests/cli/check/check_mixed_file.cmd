klappt check --json tests/golden/case_errors/impossible_dates.yaml
