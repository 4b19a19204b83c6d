// engine/input/scalar_parsing.hpp: one cell of a case (YAML, CSV, option) read as a
// value of its declared type, with the German message every loader shows.
#include <catch2/catch.hpp>

#include <string>

#include "dsl/diagnostic.hpp"
#include "engine/base/calendar.hpp"
#include "engine/input/scalar_parsing.hpp"
#include "support/rules_from_text.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

// A small rule set that declares one input of every kind the tests need.
const Program& program() {
    static LoadResult loaded = load_rules_text({{"skalare.rules", R"(module skalare
enum Aufenthaltsstatus { duldung, gestattung, aufenthaltserlaubnis, eu_buerger }
record Kind { geburtsdatum: date }
input fall: text
input stichtag: date
input status: Aufenthaltsstatus
input status_optional: Aufenthaltsstatus?
input betrag_optional: money?
input kinder: list of Kind
input kind: Kind
)"}},
                                               {}, "fall: fall\nstichtag: stichtag\n");
    if (!loaded.program) FAIL("test rules do not load:\n" << render(loaded.diagnostics));
    return *loaded.program;
}

const RuleSet& rules() { return program().rules; }

TypeId input_type(const char* name) {
    auto index = rules().find_input(name);
    if (!index) FAIL("no input " << name);
    return rules().inputs[*index].field.type;
}

ScalarResult parse(TypeId type, std::string_view text, money::Notation notation = money::Notation::machine) {
    static Arena arena;
    return parse_scalar(rules(), type, text, arena, notation);
}

// The error message of a failed parse ("" when it unexpectedly succeeded).
std::string error_of(TypeId type, std::string_view text, money::Notation notation = money::Notation::machine) {
    ScalarResult r = parse(type, text, notation);
    CHECK_FALSE(r.value.has_value());
    return r.error;
}

}  // namespace

TEST_CASE("parse_scalar: bool in the spellings people use", "[scalar][bool]") {
    for (const char* yes : {"true", "TRUE", "True", "ja", "Ja", "yes", "wahr", "1"}) {
        INFO(yes);
        auto r = parse(TypeTable::boolean, yes);
        REQUIRE(r.value.has_value());
        CHECK(r.value->b == true);
        CHECK(r.error.empty());
    }
    for (const char* no : {"false", "FALSE", "nein", "NEIN", "no", "falsch", "0"}) {
        INFO(no);
        auto r = parse(TypeTable::boolean, no);
        REQUIRE(r.value.has_value());
        CHECK(r.value->b == false);
    }
    CHECK(error_of(TypeTable::boolean, "vielleicht") == "„vielleicht“ ist kein Wahrheitswert; erwartet true/false (ja/nein)");
    CHECK(error_of(TypeTable::boolean, "") == "„“ ist kein Wahrheitswert; erwartet true/false (ja/nein)");
    CHECK(error_of(TypeTable::boolean, "2") == "„2“ ist kein Wahrheitswert; erwartet true/false (ja/nein)");
}

TEST_CASE("parse_bool alone", "[scalar][bool]") {
    CHECK(parse_bool("Wahr") == true);
    CHECK(parse_bool("Falsch") == false);
    CHECK_FALSE(parse_bool(" ja").has_value());
    CHECK_FALSE(parse_bool("j").has_value());
}

TEST_CASE("parse_scalar: int", "[scalar][int]") {
    CHECK(parse(TypeTable::integer, "240").value->i == 240);
    CHECK(parse(TypeTable::integer, "0").value->i == 0);
    CHECK(parse(TypeTable::integer, "-7").value->i == -7);
    CHECK(parse(TypeTable::integer, "007").value->i == 7);
    CHECK(parse(TypeTable::integer, "999999999999999").value->i == 999999999999999);
    for (const char* bad : {"", "-", "+5", "2.5", "2,5", "1e3", " 5", "5 ", "zwölf", "1000000000000000"}) {
        INFO("„" << bad << "“");
        CHECK(error_of(TypeTable::integer, bad) == "„" + std::string(bad) + "“ ist keine ganze Zahl");
    }
}

TEST_CASE("parse_scalar: decimal", "[scalar][decimal]") {
    auto r = parse(TypeTable::decimal, "0,8");
    REQUIRE(r.value.has_value());
    CHECK(r.value->dec.num == 4);
    CHECK(r.value->dec.den == 5);
    r = parse(TypeTable::decimal, "90 %");
    REQUIRE(r.value.has_value());
    CHECK(r.value->dec.num == 9);
    CHECK(r.value->dec.den == 10);
    r = parse(TypeTable::decimal, "-1.25");
    REQUIRE(r.value.has_value());
    CHECK(r.value->dec.num == -5);
    CHECK(r.value->dec.den == 4);
    CHECK(error_of(TypeTable::decimal, "achtzig") == "„achtzig“ ist keine Zahl");
    CHECK(error_of(TypeTable::decimal, "1.2.3") == "„1.2.3“ ist keine Zahl");
}

TEST_CASE("parse_scalar: money in both notations, never negative", "[scalar][money]") {
    CHECK(parse(TypeTable::money, "49.00").value->i == 4900);
    CHECK(parse(TypeTable::money, "120").value->i == 12000);
    CHECK(parse(TypeTable::money, "0").value->i == 0);
    CHECK(parse(TypeTable::money, "1.234,56", money::Notation::german).value->i == 123456);
    CHECK(parse(TypeTable::money, "1.234", money::Notation::german).value->i == 123400);
    CHECK(parse(TypeTable::money, "1.234,56 €", money::Notation::german).value->i == 123456);

    CHECK(error_of(TypeTable::money, "-5") == "negativer Betrag „-5“ ist nicht zulässig");
    CHECK(error_of(TypeTable::money, "-0.01") == "negativer Betrag „-0.01“ ist nicht zulässig");
    CHECK(error_of(TypeTable::money, "-1.234,56", money::Notation::german) ==
          "negativer Betrag „-1.234,56“ ist nicht zulässig");
    CHECK(error_of(TypeTable::money, "49.999") ==
          "„49.999“ ist kein Betrag; erwartet Euro mit höchstens zwei Nachkommastellen, z. B. 1234.56");
    CHECK(error_of(TypeTable::money, "1.234,567", money::Notation::german) ==
          "„1.234,567“ ist kein Betrag; erwartet Euro mit höchstens zwei Nachkommastellen, z. B. 1.234,56");
    CHECK(error_of(TypeTable::money, "1,5") ==
          "„1,5“ ist kein Betrag; erwartet Euro mit höchstens zwei Nachkommastellen, z. B. 1234.56");
}

TEST_CASE("parse_scalar: dates in both notations, only days that exist", "[scalar][date]") {
    auto r = parse(TypeTable::date, "2021-03-15");
    REQUIRE(r.value.has_value());
    CHECK(r.value->day == calendar::day_number(*calendar::parse("2021-03-15")));
    CHECK(calendar::iso(calendar::from_day_number(r.value->day)) == "2021-03-15");
    r = parse(TypeTable::date, "29.02.2020");
    REQUIRE(r.value.has_value());
    CHECK(calendar::iso(calendar::from_day_number(r.value->day)) == "2020-02-29");
    CHECK(error_of(TypeTable::date, "30.02.2001") ==
          "ungültiges Datum „30.02.2001“; erwartet JJJJ-MM-TT oder TT.MM.JJJJ, und den Tag muss es im Kalender geben");
    CHECK(error_of(TypeTable::date, "2021-1-5") ==
          "ungültiges Datum „2021-1-5“; erwartet JJJJ-MM-TT oder TT.MM.JJJJ, und den Tag muss es im Kalender geben");
}

TEST_CASE("parse_scalar: text is copied into the arena", "[scalar][text]") {
    Arena arena;
    std::string source = "Rhein-Kreis Neuss";
    auto r = parse_scalar(rules(), TypeTable::text, source, arena);
    REQUIRE(r.value.has_value());
    CHECK(r.value->str() == "Rhein-Kreis Neuss");
    CHECK(r.value->str().data() != source.data());
    source.assign(source.size(), 'x');
    CHECK(r.value->str() == "Rhein-Kreis Neuss");
    auto empty = parse_scalar(rules(), TypeTable::text, "", arena);
    REQUIRE(empty.value.has_value());
    CHECK(empty.value->str().empty());
}

TEST_CASE("parse_scalar: enum values by name, with a suggestion for a typo", "[scalar][enum]") {
    TypeId status = input_type("status");
    CHECK(parse(status, "duldung").value->ordinal == 0);
    CHECK(parse(status, "gestattung").value->ordinal == 1);
    CHECK(parse(status, "eu_buerger").value->ordinal == 3);
    CHECK(error_of(status, "dulldung") ==
          "unbekannter Wert „dulldung“; erlaubt: duldung, gestattung, aufenthaltserlaubnis, eu_buerger; meinten Sie „duldung“?");
    // Case, blanks, hyphens and umlauts written out do not matter (dsl/enum_lookup.hpp).
    CHECK(parse(status, "Gestattung").value->ordinal == 1);
    CHECK(parse(status, "GESTATTUNG").value->ordinal == 1);
    CHECK(parse(status, "EU-Bürger").value->ordinal == 3);
    CHECK(parse(status, "eu buerger").value->ordinal == 3);
    // Nothing close enough: no suggestion.
    CHECK(error_of(status, "fluechtling") ==
          "unbekannter Wert „fluechtling“; erlaubt: duldung, gestattung, aufenthaltserlaubnis, eu_buerger");
}

TEST_CASE("parse_scalar: optional types read their inner type", "[scalar][optional]") {
    TypeId status = input_type("status_optional");
    REQUIRE(rules().types.is_optional(status));
    auto r = parse(status, "gestattung");
    REQUIRE(r.value.has_value());
    CHECK(r.value->present);
    CHECK(r.value->ordinal == 1);
    TypeId amount = input_type("betrag_optional");
    REQUIRE(rules().types.is_optional(amount));
    CHECK(parse(amount, "60").value->i == 6000);
    CHECK(error_of(amount, "-60") == "negativer Betrag „-60“ ist nicht zulässig");
}

TEST_CASE("parse_scalar: records and lists are not scalars", "[scalar]") {
    TypeId kinder = input_type("kinder");
    TypeId kind = input_type("kind");
    CHECK_FALSE(is_scalar_type(rules(), kinder));
    CHECK_FALSE(is_scalar_type(rules(), kind));
    CHECK(is_scalar_type(rules(), input_type("status")));
    CHECK(is_scalar_type(rules(), input_type("status_optional")));
    CHECK(is_scalar_type(rules(), TypeTable::money));
    CHECK(is_scalar_type(rules(), TypeTable::duration));  // "55 Tage", "3 Monate" in case files
    CHECK(error_of(kinder, "x") == "Werte vom Typ " + rules().type_name(kinder) + " können hier nicht angegeben werden");
}

TEST_CASE("expected_text says what a type accepts", "[scalar]") {
    CHECK(expected_text(rules(), TypeTable::boolean) == "ja/nein (true/false)");
    CHECK(expected_text(rules(), TypeTable::integer) == "eine ganze Zahl");
    CHECK(expected_text(rules(), TypeTable::date) == "ein Datum (JJJJ-MM-TT oder TT.MM.JJJJ)");
    CHECK(expected_text(rules(), TypeTable::money) ==
          "einen Betrag in Euro (z. B. 49.00, höchstens zwei Nachkommastellen, nicht negativ)");
    CHECK(expected_text(rules(), input_type("status_optional")) ==
          "einen dieser Werte: duldung, gestattung, aufenthaltserlaubnis, eu_buerger");
    CHECK(expected_text(rules(), input_type("kind")) == "eine Zuordnung mit den Feldern von Kind");
    CHECK(expected_text(rules(), input_type("kinder")) == "eine Liste");
}

TEST_CASE("parse_scalar: durations as a whole number and one unit, English or German", "[scalar]") {
    auto loaded = klappt::testing::load_rules_text({{"d.rules", "module d\ninput dauer: duration\n"}});
    REQUIRE(loaded.program);
    const klappt::RuleSet& rules = loaded.program->rules;
    klappt::Arena arena;
    auto d = [&](const char* text) { return klappt::parse_scalar(rules, klappt::TypeTable::duration, text, arena); };
    CHECK(d("55 days").value->dur.days == 55);
    CHECK(d("8 Wochen").value->dur.days == 56);
    CHECK(d("3 Monate").value->dur.months == 3);
    CHECK(d("1 Jahr").value->dur.months == 12);
    CHECK(!d("drei Monate").value);
    CHECK(!d("3").value);
    CHECK(d("3 Fortnights").error == "„3 Fortnights“ ist keine Dauer; erwartet z. B. 55 Tage, 8 Wochen, 3 Monate oder 1 Jahr");
}
