# klappt check --json --wege: the io.md result with `wege`, `ohne_weg`, `wege_vollstaendig`, `wege_hinweise`
klappt check --json --wege tests/wege/faelle.yaml
