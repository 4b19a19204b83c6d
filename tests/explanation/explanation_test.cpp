// The verdict, the calculation lines and the deciding reasons of the bundled rules, read off
// CaseExplanation (the data every renderer uses): one test per shape of issue 10.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/result/case_runner.hpp"
#include "support/bundled_rules.hpp"
#include "support/changed_rules.hpp"
#include "support/golden.hpp"

using namespace klappt;
using namespace klappt::testing;
namespace fs = std::filesystem;

namespace {

// The F4 case of issue 10: course 10.01.–08.07.2022, 400 lessons, entry 11.03.2022 (60 days
// after the start), fees 85,50 €, ticket 49,00 €.
const char* kLateF4 = R"(fall: T-F4
stichtag: 2022-03-15
person:
  geburtsdatum: 1998-05-14
  aufenthaltsstatus: duldung
massnahmen:
  - baustein: F4
    beginn: 2022-01-10
    ende: 2022-07-08
    eintritt: 2022-03-11
    unterrichtsstunden: 400
    pruefungsgebuehren: 85.50
    fahrtkosten_monat: 49.00
)";

struct Explained {
    std::unique_ptr<CaseRunner> runner;
    const CaseResult* result = nullptr;
    CaseFile cases;
    CaseExplanation x;
    std::string text;
};

Explained explain(const Program& program, const std::string& yaml) {
    Explained out;
    auto file = std::make_shared<SourceFile>("fall.yaml", yaml);
    out.cases = load_cases_yaml(program, file);
    REQUIRE(out.cases.cases.size() == 1);
    REQUIRE(out.cases.cases[0].data);
    out.runner = std::make_unique<CaseRunner>(program);
    ResultDetail detail;
    detail.explanation = true;
    out.result = &out.runner->run(*out.cases.cases[0].data, detail);
    REQUIRE(out.result->evaluated());
    REQUIRE(out.result->explanation);
    out.x = *out.result->explanation;
    out.text = case_text(*out.result);
    return out;
}

std::string calculation(const ItemExplanation& item, const std::string& name) {
    for (auto& line : item.calculations)
        if (line.definition == name) return line.text;
    return "(keine Rechnung für " + name + ")";
}

std::vector<std::string> texts(const std::vector<DecidingReason>& reasons, DecidingReason::Kind kind) {
    std::vector<std::string> out;
    for (auto& r : reasons)
        if (r.kind == kind) out.push_back((r.holds ? "✓ " : "✗ ") + r.text);
    return out;
}

std::string person(const std::string& extra) {
    return "fall: T\nstichtag: 2021-10-04\nperson:\n  geburtsdatum: 1998-03-08\n  aufenthaltsstatus: duldung\n" + extra;
}

}  // namespace

TEST_CASE("the calculation line of the issue's F4 entry after the eight-week limit", "[explanation]") {
    Explained e = explain(bundled_program(), kLateF4);
    REQUIRE(e.x.items.size() == 1);
    const ItemExplanation& item = e.x.items[0];
    CHECK(calculation(item, "betrag") ==
          "266 von 400 Unterrichtsstunden (Eintritt nach der Acht-Wochen-Frist: 120 von 180 Kurstagen, abgerundet) "
          "× 37,50 € = 9.975,00 € + Prüfungsgebühren 85,50 € + Fahrtkosten 5 Monate × 49,00 € = 10.305,50 €");
    CHECK(calculation(item, "landesanteil") == "80 % von 10.305,50 € = 8.244,40 €");
    CHECK(calculation(item, "eigenanteil") == "10.305,50 € − 8.244,40 € = 2.061,10 €");
    CHECK(item.verdict == "förderfähig in F4 ab 11.03.2022 mit 10.305,50 € (Landesanteil 8.244,40 €)");
    CHECK(e.x.verdict ==
          "Am Stichtag 15.03.2022: Hauptzielgruppe (23 Jahre); förderfähig in F4 ab 11.03.2022 mit 10.305,50 € "
          "(Landesanteil 8.244,40 €).");
    // The summary shows the line, the verdict first.
    CHECK(e.text.find("  Ergebnis: Am Stichtag") != std::string::npos);
    CHECK(e.text.find("Betrag: 266 von 400 Unterrichtsstunden") != std::string::npos);
}

TEST_CASE("the calculation line reads the evaluated values: P4 changed, the line changes", "[explanation]") {
    ChangedRules changed("pauschalen.yaml", "p4_je_ustd", "37.50", "40.00");
    Explained e = explain(changed.program(), kLateF4);
    CHECK(calculation(e.x.items[0], "betrag") ==
          "266 von 400 Unterrichtsstunden (Eintritt nach der Acht-Wochen-Frist: 120 von 180 Kurstagen, abgerundet) "
          "× 40,00 € = 10.640,00 € + Prüfungsgebühren 85,50 € + Fahrtkosten 5 Monate × 49,00 € = 10.970,50 €");
}

TEST_CASE("calculation lines of F2, F3, Fahrtkosten over the cap and Kinderbetreuung", "[explanation]") {
    Explained f3 = explain(bundled_program(), person(R"(  kinder: [{geburtsdatum: 2020-02-01}]
  erwerbstaetig_oder_in_ausbildung: true
kommune: {name: Remscheid, haushaltssicherung: true}
massnahmen:
  - {baustein: F3, beginn: 2021-08-02, ende: 2022-06-30, eintritt: 2021-10-04, traegerart: vhs, kinderbetreuung: true}
  - {baustein: F2, beginn: 2021-10-01, ende: 2022-03-31, eintritt: 2021-10-04, fahrtkosten_monat: 75.00}
)") + "");
    REQUIRE(f3.x.items.size() == 2);
    CHECK(calculation(f3.x.items[0], "betrag") ==
          "Pauschale 4.000,00 € für 270 von 333 Kurstagen (Eintritt nach der Acht-Wochen-Frist) + Kinderbetreuung 1 Kind "
          "× 9 Monate × 150,00 € = 4.593,24 €");
    CHECK(calculation(f3.x.items[1], "betrag") ==
          "Pauschale je Teilnehmer/in 1.500,00 € + Fahrtkosten 6 Monate × 60,00 € (Ticket 75,00 €, höchstens 60,00 €) "
          "= 1.860,00 €");
    // The raised share for Haushaltssicherung is off by default (parameter): 80 %.
    CHECK(calculation(f3.x.items[1], "landesanteil") == "80 % von 1.860,00 € = 1.488,00 €");
}

TEST_CASE("deciding reasons: a failure by one condition", "[explanation][reasons]") {
    Explained e = explain(bundled_program(), person(R"(  schulpflichtig: true
massnahmen:
  - {baustein: F4, beginn: 2021-10-04, ende: 2022-01-28, eintritt: 2021-10-04, unterrichtsstunden: 200}
)"));
    const ItemExplanation& item = e.x.items.at(0);
    CHECK(texts(item.reasons, DecidingReason::Kind::condition) ==
          std::vector<std::string>{"✗ noch schulpflichtig (die Regelschule geht vor)"});
    CHECK(item.verdict == "nicht förderfähig in F4: noch schulpflichtig (die Regelschule geht vor)");
    CHECK(e.text.find("✗ noch schulpflichtig (die Regelschule geht vor) [Auslegung] — durchstarten.nrw (S10)") !=
          std::string::npos);
    CHECK(e.text.find("f4.nicht_schulpflichtig") == std::string::npos);  // no rule ids by default
    TextOptions ids;
    ids.ids = true;
    CHECK(case_text(*e.result, ids).find("(f4.nicht_schulpflichtig; durchstarten.nrw (S10)") !=
          std::string::npos);
}

TEST_CASE("deciding reasons: a failure by two conditions", "[explanation][reasons]") {
    Explained e = explain(bundled_program(), person(R"(  beschaeftigungsverbot: true
massnahmen:
  - {baustein: F2, beginn: 2021-10-01, ende: 2022-03-31, eintritt: 2021-10-04}
)"));
    const ItemExplanation& item = e.x.items.at(0);
    CHECK(texts(item.reasons, DecidingReason::Kind::condition) ==
          std::vector<std::string>{"✗ nicht in Arbeit oder Ausbildung (F2 ist berufsbegleitend)",
                                   "✗ gesetzliches Beschäftigungsverbot"});
    CHECK(item.verdict ==
          "nicht förderfähig in F2: nicht in Arbeit oder Ausbildung (F2 ist berufsbegleitend) und gesetzliches "
          "Beschäftigungsverbot");
}

TEST_CASE("deciding reasons: a success through the secondary target group", "[explanation][reasons]") {
    Explained e = explain(bundled_program(), person(R"(  anspruch_sgb2: true
  abstimmung_jc_aa: true
massnahmen:
  - {baustein: F4, beginn: 2021-10-04, ende: 2022-01-28, eintritt: 2021-10-04, unterrichtsstunden: 200}
)"));
    const ItemExplanation& item = e.x.items.at(0);
    // Nothing failed is listed as a failure ...
    for (const DecidingReason& r : item.reasons) CHECK(r.holds);
    auto held = texts(item.reasons, DecidingReason::Kind::condition);
    CHECK(std::find(held.begin(), held.end(),
                    "✓ Abstimmung mit Jobcenter/Agentur für Arbeit dokumentiert (keine konkurrierende Regelförderung)") !=
          held.end());
    // ... but one line says which group applied and why not the main group.
    CHECK(texts(item.reasons, DecidingReason::Kind::alternative) ==
          std::vector<std::string>{"✓ in der sekundären Zielgruppe (Alter und Abstimmung mit JC/AA) — nicht in der "
                                   "Hauptzielgruppe: Anspruch auf Leistungen nach SGB II am 04.10.2021"});
    CHECK(e.text.find("✗") == std::string::npos);
}

TEST_CASE("deciding reasons: an exception applied", "[explanation][reasons]") {
    Explained e = explain(bundled_program(), R"(fall: T
stichtag: 2021-10-04
person:
  geburtsdatum: 1990-03-08
  aufenthaltsstatus: duldung
  altersausnahme: "Einzelfallentscheidung der KI vom 01.09.2021"
massnahmen:
  - {baustein: F4, beginn: 2021-10-04, ende: 2022-01-28, eintritt: 2021-10-04, unterrichtsstunden: 200}
)");
    const ItemExplanation& item = e.x.items.at(0);
    auto it = std::find_if(item.reasons.begin(), item.reasons.end(),
                           [](const DecidingReason& r) { return !r.exception.empty(); });
    REQUIRE(it != item.reasons.end());
    CHECK(it->holds);
    CHECK(it->exception == "begründete Einzelfallentscheidung zum Alter");
    CHECK(it->rule == "zielgruppe.alter_passt");
    CHECK(e.text.find("✓ Ausnahme: begründete Einzelfallentscheidung zum Alter (statt: 18 bis 27 Jahre alt) "
                      "[Auslegung] — FAQ durchstarten.nrw (S4)") != std::string::npos);
}

TEST_CASE("a note when the target group on the check date differs from the one at entry", "[explanation]") {
    // 27 on entry (10.01.2022), 28 on the check date.
    Explained e = explain(bundled_program(), R"(fall: T
stichtag: 2022-03-15
person:
  geburtsdatum: 1994-03-10
  aufenthaltsstatus: duldung
massnahmen:
  - {baustein: F4, beginn: 2022-01-10, ende: 2022-06-30, eintritt: 2022-01-10, unterrichtsstunden: 200}
)");
    const ItemExplanation& item = e.x.items.at(0);
    REQUIRE(item.notes.size() == 1);
    CHECK(item.notes[0] ==
          "Zielgruppe am Stichtag 15.03.2022: nicht Zielgruppe (am 15.03.2022 28 Jahre alt, nicht 18 bis 27); bei "
          "Eintritt am 10.01.2022: Hauptzielgruppe — für die Förderung zählt der Eintrittstag");
    CHECK(e.text.find("Hinweis: Zielgruppe am Stichtag 15.03.2022") != std::string::npos);
}

// --explain for caseworkers (issue 10, item 4): the same trace as the technical tree, but no
// rule name, module argument or programmer notation — on every example case.
TEST_CASE("the explanation for people names no rule and no module argument", "[explain]") {
    const Program& program = bundled_program();
    std::vector<std::string> names;
    for (std::uint32_t m = 0; m < program.rules.modules.size(); ++m)
        for (std::uint32_t d = 0; d < program.rules.modules[m].definitions.size(); ++d) {
            const std::string& name = program.rules.modules[m].name + "." + program.definition(m, d).name;
            names.push_back(name);
        }
    int checked = 0;
    for (const auto& entry : fs::directory_iterator(source_dir() / "examples")) {
        if (entry.path().extension() != ".yaml") continue;
        auto file = std::make_shared<SourceFile>(entry.path().string(), read_file(entry.path()));
        CaseFile cases = load_cases_yaml(program, file);
        for (auto& c : cases.cases) {
            if (!c.data) continue;
            CaseRunner runner(program);
            ResultDetail trees;
            trees.people_tree = trees.technical_tree = true;
            const CaseResult& result = runner.run(*c.data, trees);
            REQUIRE(result.evaluated());
            const std::string& people = result.people_tree;
            const std::string& technical = result.technical_tree;
            INFO(entry.path().string());
            CHECK(people.find("✓") != std::string::npos);
            CHECK(people.find("(Angabe im Fall)") != std::string::npos);
            CHECK(people.find("Argument des Moduls") == std::string::npos);
            CHECK(people.find("(m: ") == std::string::npos);
            CHECK(people.find("(am: ") == std::string::npos);
            for (const std::string& name : names) {
                INFO(name);
                CHECK(people.find(name + " ") == std::string::npos);
            }
            // The technical view keeps the names.
            CHECK(technical.find("ergebnis.zielgruppe = ") != std::string::npos);
            ++checked;
        }
    }
    CHECK(checked >= 15);
}
