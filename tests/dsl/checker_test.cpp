// dsl::check on its own: names resolved, types given, the rule set built — and mistakes
// reported all at once, with the declarations kept for the parameter files.
#include <catch2/catch.hpp>

#include "parse_and_check.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

const Definition& find_definition(const RuleSet& rs, const std::string& module, const std::string& name) {
    auto m = rs.find_module(module);
    REQUIRE(m);
    for (const auto& d : rs.modules[*m].definitions)
        if (d.name == name) return d;
    FAIL("no definition " << module << "." << name);
    throw;
}

}  // namespace

TEST_CASE("check: a rule set without mistakes is typed and its outputs collected", "[dsl][checker]") {
    auto checked = parse_and_check(
        "module haupt\n"
        "enum Status { duldung, gestattung }\n"
        "record Kind { geburt: date\n  name: text? }\n"
        "input fall: text\ninput stichtag: date\ninput status: Status\ninput kinder: list of Kind = []\n"
        "param satz: money\n"
        "let anzahl = count(k in kinder where age(k.geburt, stichtag) < 18)\n"
        "let anteil = anzahl / 2\n"
        "rule passt = status in {duldung, gestattung}\n"
        "output betrag: money = if passt then satz * anzahl else 0 €\n"
        "output namen: list of text = map(k in kinder where k.name is set: k.name)\n",
        {"fall", "stichtag"});
    INFO(render(checked.diagnostics));
    REQUIRE(checked.diagnostics.empty());
    REQUIRE(checked.result.rule_set);
    CHECK(!checked.result.partial_rule_set);
    const RuleSet& rs = *checked.result.rule_set;
    CHECK(rs.type_name(find_definition(rs, "haupt", "anzahl").type) == "int");
    CHECK(rs.type_name(find_definition(rs, "haupt", "anteil").type) == "decimal");  // int / int
    CHECK(rs.type_name(find_definition(rs, "haupt", "passt").type) == "bool");
    // inside `where k.name is set`, k.name is text, so the list is of text, not text?
    CHECK(rs.type_name(find_definition(rs, "haupt", "namen").type) == "list of text");
    REQUIRE(rs.outputs.size() == 2);
    CHECK(rs.qualified_name(rs.outputs[0].module, rs.outputs[0].definition) == "haupt.betrag");
    CHECK(rs.case_id_input == rs.find_input("fall"));
    CHECK(rs.check_date_input == rs.find_input("stichtag"));
    CHECK(rs.enums.size() == 1);
    CHECK(rs.records.size() == 2);  // the built-in Grund, then Kind
}

TEST_CASE("check: modules import each other, a module with parameters is a value", "[dsl][checker]") {
    auto anteile = source("anteile.rules", "module anteile(betrag: money)\noutput land: money = betrag * 80 %\n");
    auto haupt = source("haupt.rules",
                        "module haupt\nimport anteile, basis\ninput kosten: money\n"
                        "output land: money = anteile(kosten).land\noutput grund: money = basis.wert\n");
    auto basis = source("basis.rules", "module basis\nlet wert: money = 10 €\n");
    auto checked = parse_and_check({anteile, haupt, basis});
    INFO(render(checked.diagnostics));
    REQUIRE(checked.result.rule_set);
    const RuleSet& rs = *checked.result.rule_set;
    CHECK(rs.modules.at(*rs.find_module("anteile")).parametrised());
    // Outputs of modules with parameters are not outputs of the rule set.
    REQUIRE(rs.outputs.size() == 2);
    CHECK(rs.qualified_name(rs.outputs[0].module, rs.outputs[0].definition) == "haupt.land");
    CHECK(rs.type_name(find_definition(rs, "haupt", "land").type) == "money");
}

TEST_CASE("check: definitions may come in any order, versions and exceptions keep the type", "[dsl][checker]") {
    auto checked = parse_and_check("module m\ninput stichtag: date\ninput fall: text\n"
                                   "output b: int = a + 1\n"
                                   "let a: int = 1\n  valid from 2023-01-01 to 2023-12-31 = 2\n"
                                   "  exception \"Sonderfall\" when fall == \"X\" => 3\n",
                                   {"", "stichtag"});
    INFO(render(checked.diagnostics));
    REQUIRE(checked.result.rule_set);
    const auto& a = find_definition(*checked.result.rule_set, "m", "a");
    REQUIRE(a.versions.size() == 1);
    CHECK(a.versions[0].to > a.versions[0].from);
    REQUIRE(a.exceptions.size() == 1);
    CHECK(a.exceptions[0].label == "Sonderfall");
}

TEST_CASE("check: every mistake of a rule set in one run, and the declarations kept", "[dsl][checker]") {
    auto checked = parse_and_check("module m\nparam satz: money\ninput n: int\n"
                                   "let a: money = n\n"           // int is no amount
                                   "let b = unbekannt + 1\n"       // unknown name
                                   "rule c = n\n"                  // not a condition
                                   "output d: text = a + b\n");   // a and b are already wrong: no follow-up error
    CHECK(!checked.result.rule_set);
    REQUIRE(checked.result.partial_rule_set);
    CHECK(checked.diagnostics.error_count() == 3);
    // The parameter files are checked against the partial rule set's declarations.
    CHECK(checked.result.partial_rule_set->params.size() == 1);
    CHECK(checked.result.partial_rule_set->inputs.size() == 1);
}

TEST_CASE("check: a cycle is one error, named once with its members as notes", "[dsl][checker]") {
    auto checked = parse_and_check("module z\nlet a: int = b\nlet b: int = c\nlet c: int = a\noutput d: int = a + b + c\n");
    REQUIRE(checked.diagnostics.error_count() == 1);
    const auto& d = checked.diagnostics.items().front();
    CHECK(d.message == "Zyklus in den Definitionen: z.a → z.b → z.c → z.a");
    CHECK(d.notes.size() == 2);
}

TEST_CASE("check: a syntax error is not reported again where its name is used", "[dsl][checker]") {
    auto checked = parse_and_check("module m\nlet a: int = (1 +\nlet b: int = a + 1\n");
    CHECK(checked.diagnostics.error_count() == 1);
    CHECK(checked.modules.at(0).unparsed_names == std::vector<std::string>{"a"});
}

TEST_CASE("check: an obvious repair of a literal is offered as a fix", "[dsl][checker]") {
    std::string text = "module m\nlet frist: duration = 55\nlet summe: money = 10\n";
    auto checked = parse_and_check(text);
    REQUIRE(checked.diagnostics.error_count() == 2);
    const auto& days = checked.diagnostics.items()[0];
    REQUIRE(days.fix);
    CHECK(days.fix->replacement == "55 days");
    CHECK(text.substr(days.fix->span.begin, days.fix->span.end - days.fix->span.begin) == "55");
    REQUIRE(checked.diagnostics.items()[1].fix);
    CHECK(checked.diagnostics.items()[1].fix->replacement == "10 €");
}
