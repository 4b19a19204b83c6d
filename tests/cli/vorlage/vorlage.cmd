# klappt vorlage: a commented case template written from the rule set declarations
klappt vorlage
