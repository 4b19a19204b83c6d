# klappt vorlage --baustein F4: the value entered in the first measure (by code or label, any case)
klappt vorlage --baustein f4
