# docs/language.md § 20: levers (`hebel`) and better results (`besser`) in a small rule set
klappt check --wege --rules docs/examples/wege docs/examples/wege/faelle.yaml
