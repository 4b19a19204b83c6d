// dsl::parse on its own: the AST it builds, how it goes on after a mistake, its limits.
#include <catch2/catch.hpp>

#include "parse_and_check.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

dsl::ParseResult parse_text(const std::string& text, const dsl::ParseLimits& limits = {}) {
    return dsl::parse(source("p.rules", text), limits);
}

const ast::Definition& definition(const ast::Module& m, std::size_t item) { return std::get<ast::Definition>(m.items.at(item)); }

std::string text_at(const std::string& text, Span span) { return text.substr(span.begin, span.end - span.begin); }

}  // namespace

TEST_CASE("parse: a module header, its parameters and its declarations in order", "[dsl][parser]") {
    std::string text =
        "module kurs(m: Massnahme, ab: date?) \"Kurs\" source \"RL 2.1\"\n"
        "import zeitraum, anteile\n"
        "enum Art \"Art\" { a \"A\" auch \"x\", b }\n"
        "record Massnahme { hebel stunden: int = 0 \"Stunden\"\n  check stunden >= 0 \"nicht negativ\" }\n"
        "input fall: text\n"
        "param satz: money \"Satz\"\n"
        "let summe: money = satz * 2\n"
        "rule ok = true\n"
        "output x: list of int? = []\n";
    auto parsed = parse_text(text);
    INFO(render(parsed.diagnostics));
    REQUIRE(parsed.diagnostics.empty());
    REQUIRE(parsed.module);
    const ast::Module& m = *parsed.module;
    CHECK(m.name.name == "kurs");
    CHECK(text_at(text, m.name.span) == "kurs");
    REQUIRE(m.params.size() == 2);
    CHECK(m.params[1].name.name == "ab");
    CHECK(m.params[1].type.optional);
    CHECK(m.meta.label->value == "Kurs");
    CHECK(m.meta.source->value == "RL 2.1");
    REQUIRE(m.items.size() == 8);
    CHECK(std::get<ast::Import>(m.items[0]).modules.size() == 2);
    const auto& art = std::get<ast::EnumDecl>(m.items[1]);
    REQUIRE(art.values.size() == 2);
    CHECK(art.values[0].synonyms.at(0).value == "x");
    const auto& record = std::get<ast::RecordDecl>(m.items[2]);
    CHECK(record.fields.at(0).lever);
    CHECK(record.fields.at(0).default_value);
    CHECK(record.checks.at(0).message.value == "nicht negativ");
    CHECK(std::get<ast::InputDecl>(m.items[3]).field.name.name == "fall");
    CHECK(std::get<ast::ParamDecl>(m.items[4]).meta.label->value == "Satz");
    CHECK(definition(m, 5).kind == ast::DefinitionKind::let);
    CHECK(definition(m, 6).kind == ast::DefinitionKind::rule);
    const auto& x = definition(m, 7);
    CHECK(x.kind == ast::DefinitionKind::output);
    CHECK(x.type->list_depth == 1);
    CHECK(x.type->optional);
    CHECK(text_at(text, x.name.span) == "x");
}

TEST_CASE("parse: operators get their precedence, literals their exact value", "[dsl][parser]") {
    auto parsed = parse_text("module p\nlet a = 1 + 2 * 3\nlet b = not x or y and z\nlet c = 37.50 €\nlet d = 12.5 %\n"
                             "let e = 3 weeks\nlet f = 2024-02-29\nlet g = -x.feld is not set\n");
    INFO(render(parsed.diagnostics));
    REQUIRE(parsed.module);
    const auto& m = *parsed.module;
    // 1 + (2 * 3)
    const auto& a = std::get<ast::Binary>(definition(m, 0).value->node);
    CHECK(a.op == ast::BinaryOp::add);
    CHECK(std::get<ast::Binary>(a.rhs->node).op == ast::BinaryOp::mul);
    // (not x) or (y and z)
    const auto& b = std::get<ast::Binary>(definition(m, 1).value->node);
    CHECK(b.op == ast::BinaryOp::logical_or);
    CHECK(std::get<ast::Unary>(b.lhs->node).op == ast::UnaryOp::logical_not);
    CHECK(std::get<ast::Binary>(b.rhs->node).op == ast::BinaryOp::logical_and);
    CHECK(std::get<ast::MoneyLiteral>(definition(m, 2).value->node).cents == 3750);
    const auto& percent = std::get<ast::DecimalLiteral>(definition(m, 3).value->node);
    CHECK(percent.numerator == 125);
    CHECK(percent.scale == 3);  // 12.5 % = 0.125
    const auto& weeks = std::get<ast::DurationLiteral>(definition(m, 4).value->node);
    CHECK(weeks.count == 3);
    CHECK(weeks.unit == ast::DurationUnit::weeks);
    const auto& day = std::get<ast::DateLiteral>(definition(m, 5).value->node);
    CHECK((day.year == 2024 && day.month == 2u && day.day == 29u));
    // -(x.feld is not set): postfix binds tighter than the prefix
    const auto& g = std::get<ast::Unary>(definition(m, 6).value->node);
    CHECK(std::get<ast::IsSet>(g.operand->node).negated);
}

TEST_CASE("parse: versions, exceptions and texts with placeholders", "[dsl][parser]") {
    std::string text = "module p\noutput betrag: money \"Betrag\" rechenweg \"{stunden} × {satz} = {{fest}}\" when stunden > 0\n"
                       "  rechenweg \"keiner\" = 0 €\n"
                       "  valid from 2023-01-01 to 2023-12-31 = 1 €\n"
                       "  exception \"Härte\" when haerte => 2 €\n";
    auto parsed = parse_text(text);
    INFO(render(parsed.diagnostics));
    REQUIRE(parsed.module);
    const auto& d = definition(*parsed.module, 0);
    REQUIRE(d.meta.rechenweg.size() == 2);
    const auto& first = d.meta.rechenweg[0];
    CHECK(first.condition);
    REQUIRE(first.parts.size() == 4);  // {stunden}, " × ", {satz}, " = {fest}"
    CHECK(std::get<ast::NameRef>(first.parts[0].value->node).name == "stunden");
    CHECK(first.parts[1].text == " × ");
    CHECK(first.parts[3].text == " = {fest}");
    CHECK(!d.meta.rechenweg[1].condition);
    REQUIRE(d.versions.size() == 1);
    CHECK(d.versions[0].to);
    REQUIRE(d.exceptions.size() == 1);
    CHECK(d.exceptions[0].meta.label->value == "Härte");
}

TEST_CASE("parse: after a syntax error the next declaration is read, the failed name is remembered", "[dsl][parser]") {
    auto parsed = parse_text("module p\nlet a: int = if x 1 else 2\nlet b = 1\nrule c = (1 +\nlet d = 2\n");
    REQUIRE(parsed.module);
    CHECK(parsed.diagnostics.error_count() == 2);
    // b and d are parsed; a and c failed and are remembered, so their uses are not reported again.
    REQUIRE(parsed.module->items.size() == 2);
    CHECK(definition(*parsed.module, 0).name.name == "b");
    CHECK(definition(*parsed.module, 1).name.name == "d");
    CHECK(parsed.module->unparsed_names == std::vector<std::string>{"a", "c"});
}

TEST_CASE("parse: without a module header nothing is attributed", "[dsl][parser]") {
    CHECK(!parse_text("").module);
    CHECK(!parse_text("# nur ein Kommentar\n").module);
    auto headless = parse_text("let a = 1\n");
    CHECK(!headless.module);
    CHECK(headless.diagnostics.error_count() == 1);
}

TEST_CASE("parse: the limits hold and are reported, never a crash", "[dsl][parser][limits]") {
    dsl::ParseLimits limits;
    limits.max_nesting = 10;
    auto deep = parse_text("module p\nlet a = " + std::string(50, '(') + "1" + std::string(50, ')') + "\n", limits);
    CHECK(deep.diagnostics.has_errors());
    limits = {};
    limits.max_errors = 3;
    std::string many = "module p\n";
    for (int i = 0; i < 20; ++i) many += "let = \n";
    auto stopped = parse_text(many, limits);
    CHECK(stopped.diagnostics.error_count() == 4);  // three, then „zu viele Fehler (3); der Rest dieser Datei …“
    limits = {};
    limits.max_file_bytes = 100;
    auto large = parse_text("module p\n" + std::string(200, '#') + "\n", limits);
    CHECK(!large.module);
    CHECK(large.diagnostics.error_count() == 1);
    auto binary = parse_text(std::string("module p\nlet a = 1\0\n", 20));
    CHECK(!binary.module);
}
