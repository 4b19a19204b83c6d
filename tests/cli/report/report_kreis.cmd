klappt report examples/kreis/rhein_kreis_synthetisch.yaml
