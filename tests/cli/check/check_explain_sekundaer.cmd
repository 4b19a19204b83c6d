# klappt check --explain for caseworkers: a failed main group, the secondary group that applied
klappt check --explain examples/sekundaer_sgb2_mit_abstimmung.yaml
