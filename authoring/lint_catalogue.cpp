// The catalogue of lints: stable ids (they name the pages in docs/lints/ and are used in
// `# klappt-lint: ignoriere ID`), so never rename one; add new ones at the end.
#include "authoring/lint.hpp"

namespace klappt::authoring {

const std::vector<LintKind>& lint_catalogue() {
    static const std::vector<LintKind> kinds = {
        {"unbenutzt", "Sorgfalt", "Definition, Parameter, Eingabe oder Modulparameter wird nie verwendet",
         "entfernen, oder dort verwenden, wo es gemeint war (ein Tippfehler?); --fix entfernt unbenutzte let", false,
         true},
        {"ausnahme-wirkungslos", "Logik", "Ausnahme kann nie greifen",
         "Bedingung der Ausnahme prüfen: sie ist immer falsch oder eine frühere Ausnahme greift immer", false, false},
        {"immer-gleich", "Logik", "Bedingung ist über alle ihre endlichen Eingaben immer wahr oder immer falsch",
         "Bedingung prüfen (vertauschter Vergleich, falscher Aufzählungswert?) oder durch true/false ersetzen", false,
         false},
        {"vergleich-mit-wahrheitswert", "Sorgfalt", "Vergleich eines Wahrheitswerts mit true oder false",
         "„x == true“ ist „x“, „x == false“ ist „not x“; --fix schreibt es so", false, true},
        {"parameter-luecke", "Werte", "Parameter hat an einem Tag, an dem eine Regel ihn braucht, keinen oder zwei Werte",
         "ab:/bis: der Werte in parameter/*.yaml so setzen, dass jeder Tag genau einen Wert hat", false, false},
        {"ohne-quelle", "Nachweis", "Regel ohne eigene Quelle (source)",
         "source \"RL Nr. …\" an der Regel ergänzen: jede Entscheidung braucht ihre Fundstelle", false, false},
        {"auslegung-ohne-text", "Nachweis", "Auslegung ohne Text",
         "den Text der Auslegung schreiben (interpretation \"…\" bzw. quelle:/hinweis: beim Parameterwert)", false,
         false},
        {"ausgabe-ungetestet", "Tests", "Ausgabe, die kein Regeltest prüft",
         "einen Regeltest in tests/*.yaml ergänzen, der die Ausgabe unter erwartet: nennt", false, false},
        {"beispielwert", "Werte", "Beispielwert in Gebrauch (Bestandsliste)",
         "vor dem Einsatz durch den Wert aus dem Bescheid ersetzen (art: fakt) oder bewusst so lassen", true, false},
        {"rundung-undeklariert", "Logik", "Rundung auf den Cent, die die Definition nicht nennt",
         "im Titel oder in der Auslegung sagen, dass und wie gerundet wird (z. B. „auf den Cent gerundet“)", false,
         false},
        {"text-wirkungslos", "Logik",
         "Text für Menschen (rechenweg, wenn_nicht, urteil, hinweis), der nie erscheint",
         "Bedingungen (when) der Fassungen prüfen und ordnen: die speziellere zuerst, die ohne when zuletzt", false,
         false},
        {"wege-ohne-ziel", "Sorgfalt",
         "Hebel (hebel) ohne eine Ausgabe mit „besser“, oder „besser“ ohne einen Hebel: klappt check --wege findet nichts",
         "an die Ausgaben, die besser werden sollen, „besser true“ oder „besser mehr“ schreiben, an die Angaben, die "
         "Fachkräfte beeinflussen können, „hebel“ (docs/language.md, Abschnitt 20)",
         false, false},
    };
    return kinds;
}

const LintKind* find_lint(const std::string& id) {
    for (const auto& k : lint_catalogue())
        if (k.id == id) return &k;
    return nullptr;
}

}  // namespace klappt::authoring
