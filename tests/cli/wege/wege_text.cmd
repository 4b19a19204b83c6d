# klappt check --wege: a late entry (not fundable), a reduced Pauschale, a secondary target group
# without the agreement, a case with nothing to suggest, and one only two levers together help
klappt check --wege tests/wege/faelle.yaml
