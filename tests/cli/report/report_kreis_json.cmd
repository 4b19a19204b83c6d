klappt report --json examples/kreis/rhein_kreis_synthetisch.yaml
