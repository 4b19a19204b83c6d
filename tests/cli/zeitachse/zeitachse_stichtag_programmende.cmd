klappt zeitachse --stichtag 2022-03-01 --von 2022-01-01 --bis 2023-06-30 examples/zeitachse/yusuf_28_geburtstag.yaml
