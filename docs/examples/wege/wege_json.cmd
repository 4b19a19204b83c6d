# docs/language.md § 20: the JSON of `check --wege` (W-1: a reduced subsidy; W-2: not fundable)
klappt check --json --wege --rules docs/examples/wege docs/examples/wege/faelle.yaml
