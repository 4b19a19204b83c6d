// A forgiving front door for case files (issue 10, item 7): enum values by code, label or
// declared word in any case; the nearest value proposed; YAML mistakes named where they
// are; the case template generated from the rule set.
#include <catch2/catch.hpp>

#include "dsl/enum_lookup.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/input/case_template.hpp"
#include "engine/input/yaml_hint.hpp"
#include "support/bundled_rules.hpp"
#include "support/rules_from_text.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

const EnumType& enum_named(const Program& program, const std::string& name) {
    for (const EnumType& e : program.rules.enums)
        if (e.name == name) return e;
    FAIL("no enum " << name);
    throw;
}

std::string code(const EnumType& e, const std::string& text) {
    auto i = find_enum_value(e, text);
    return i ? e.values[*i] : "(keiner)";
}

}  // namespace

TEST_CASE("enum values by code, label, label without brackets and declared words, any case", "[eingabe]") {
    const EnumType& status = enum_named(bundled_program(), "Aufenthaltsstatus");
    for (const char* text : {"duldung", "Duldung", "DULDUNG", "Duldung (§ 60a AufenthG)", "duldung (§ 60a aufenthg)",
                             "geduldet", " Duldung "})
        CHECK(code(status, text) == "duldung");
    CHECK(code(status, "Aufenthaltsgestattung") == "gestattung");
    CHECK(code(status, "Gestattung") == "gestattung");
    CHECK(code(status, "EU-Bürger") == "eu_buerger");
    CHECK(code(status, "eu buerger") == "eu_buerger");
    CHECK(code(status, "Unionsbürger/in") == "eu_buerger");
    CHECK(code(status, "Deutsche") == "deutsch");
    CHECK(code(status, "Dulding") == "(keiner)");
    CHECK(code(status, "") == "(keiner)");
    const EnumType& baustein = enum_named(bundled_program(), "Baustein");
    CHECK(code(baustein, "f4") == "F4");
    CHECK(code(baustein, "F4 Schul-, ausbildungs- und berufsvorbereitende Kurse, Jugendintegrationskurse") == "F4");
    CHECK(code(enum_named(bundled_program(), "Geschlecht"), "weiblich") == "w");
    CHECK(code(enum_named(bundled_program(), "Leistungsart"), "SGB 2") == "sgb2");
    CHECK(code(enum_named(bundled_program(), "Leistungsart"), "SGB II") == "sgb2");
}

TEST_CASE("an unknown value lists what is allowed and proposes the nearest", "[eingabe]") {
    const EnumType& status = enum_named(bundled_program(), "Aufenthaltsstatus");
    std::string message = unknown_enum_value_message(status, "Dulding");
    CHECK_THAT(message, Catch::StartsWith("unbekannter Wert „Dulding“; erlaubt: duldung, gestattung,"));
    CHECK_THAT(message, Catch::EndsWith("meinten Sie „duldung“ (Duldung (§ 60a AufenthG))?"));
    CHECK_THAT(unknown_enum_value_message(status, "Aufenthaltserlaubniss"),
               Catch::EndsWith("meinten Sie „aufenthaltserlaubnis“ (Aufenthaltserlaubnis)?"));
    CHECK_THAT(unknown_enum_value_message(status, "xyz"), !Catch::Contains("meinten Sie"));
}

TEST_CASE("a text that fits two values is refused, and a declared word must name one value", "[eingabe]") {
    EnumType e;
    e.values = {"mitte", "nord"};
    e.value_labels = {"Stadt-Mitte", "Stadt Mitte Nord"};
    e.value_synonyms = {{"Zentrum"}, {"Zentrum"}};
    CHECK(code(e, "stadt mitte") == "mitte");
    CHECK(code(e, "zentrum") == "(keiner)");  // ambiguous: never guessed
    LoadResult bad = load_rules_text({{"t.rules", "module t\nenum E \"E\" { a \"A\" auch \"x\", b \"B\" auch \"X\" }\n"
                                                  "input e: E \"E\"\n"}});
    CHECK_THAT(render(bad.diagnostics), Catch::Contains("„x“ passt auch zu „b“"));
    LoadResult good = load_rules_text({{"t.rules", "module t\nenum E \"E\" { a \"A\" auch \"x\", \"y\", b \"B\" }\n"
                                                   "input e: E \"E\"\n"}});
    CHECK(render(good.diagnostics).empty());
    REQUIRE(good.program);
    CHECK(good.program->rules.enums[0].value_synonyms[0] == std::vector<std::string>{"x", "y"});
}

TEST_CASE("YAML: a missing blank after a colon and a colon in a value are named on their line", "[eingabe]") {
    auto hint = yaml_support::yaml_syntax_hint("fall:RKN-1\nstichtag: 2021-03-15\n", 1);
    REQUIRE(hint);
    CHECK(hint->line == 0);
    CHECK(hint->message == "nach „fall:“ fehlt ein Leerzeichen: „fall: RKN-1“ schreiben");
    hint = yaml_support::yaml_syntax_hint("person:\n  - geburtsdatum:2001-05-17\n  aufenthaltsstatus: x\n", 2);
    REQUIRE(hint);
    CHECK(hint->line == 1);
    hint = yaml_support::yaml_syntax_hint("kommune:\n  name: Kreis: Neuss # Kommentar\n", 1);
    REQUIRE(hint);
    CHECK(hint->message == "der Wert enthält „: “ – Text mit Doppelpunkt in Anführungszeichen setzen: „name: \"Kreis: Neuss\"“");
    CHECK_FALSE(yaml_support::yaml_syntax_hint("fall: RKN-1\nstichtag: 2021-03-15\n", 1));
    CHECK_FALSE(yaml_support::yaml_syntax_hint("url: \"http://x\"\n", 0));
}

TEST_CASE("YAML: a quote left open is named on its own line, not where YAML stumbles later", "[eingabe]") {
    auto hint = yaml_support::open_quote_hint("fall: RKN-1\nstichtag: '2021-03-15\nperson:\n  x: '1'\n", 3, "Fehler");
    REQUIRE(hint);
    CHECK(hint->line == 1);
    CHECK(hint->column == 10);
    CHECK(hint->message == "das Anführungszeichen „'“ wird auf seiner Zeile nicht geschlossen: der Text läuft in den Zeilen "
                           "darunter weiter, bis YAML in Zeile 4 meldet „Fehler“; das schließende „'“ ergänzen");
    hint = yaml_support::open_quote_hint("massnahmen:\n  - \"F1\n  - F2\n", 2, "Fehler");
    REQUIRE(hint);
    CHECK(hint->line == 1);
    CHECK(hint->column == 4);
    // Closed on their line, with escapes and doubled quotes inside: no hint.
    CHECK_FALSE(yaml_support::open_quote_hint("a: \"x \\\" y\"\nb: 'it''s'\nc: O\"Brien\n", 2, "Fehler"));
    // Only lines up to the error count.
    CHECK_FALSE(yaml_support::open_quote_hint("a: 1\nb: \"x\n", 0, "Fehler"));
}

TEST_CASE("the case template: what a person must fill in is exactly the required fields", "[eingabe][vorlage]") {
    const Program& program = bundled_program();
    auto errors_of = [&](const std::string& yaml) {
        CaseFile cases = load_cases_yaml(program, std::make_shared<SourceFile>("vorlage.yaml", yaml));
        std::vector<std::string> fields;
        for (auto& c : cases.cases)
            for (auto& e : c.errors) fields.push_back(e.field);
        std::sort(fields.begin(), fields.end());
        return fields;
    };
    CaseTemplate plain = case_template(program);
    REQUIRE(plain.error.empty());
    CHECK(errors_of(plain.yaml) == std::vector<std::string>{"fall", "massnahmen.1.baustein", "massnahmen.1.beginn",
                                                            "massnahmen.1.eintritt", "massnahmen.1.ende",
                                                            "person.aufenthaltsstatus", "person.geburtsdatum",
                                                            "stichtag"});
    CaseTemplateOptions f4;
    f4.preset = "F4 Schul-, ausbildungs- und berufsvorbereitende Kurse, Jugendintegrationskurse";
    CaseTemplate with_f4 = case_template(program, f4);
    REQUIRE(with_f4.error.empty());
    CHECK_THAT(with_f4.yaml, Catch::Contains("  - baustein: F4"));
    CHECK(errors_of(with_f4.yaml).size() == 7);
    CaseTemplateOptions unknown;
    unknown.preset = "F9";
    CHECK_THAT(case_template(program, unknown).error, Catch::Contains("kein Auswahlfeld des Regelwerks kennt „F9“"));
}
