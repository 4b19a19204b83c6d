// The one table of built-in functions (dsl/builtins.hpp): the checker types and emits every
// call from it, and the places outside C++ that list the names (the language documentation,
// the fuzzing dictionary, the VS Code grammar) name the same functions.  Parses and checks directly (dsl only).
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "dsl/builtins.hpp"
#include "dsl/checker.hpp"
#include "dsl/parser.hpp"

using namespace klappt;
using namespace klappt::dsl;

namespace {

std::string read_file(const std::string& relative) {
    std::ifstream in(std::string(KLAPPT_SOURCE_DIR) + "/" + relative, std::ios::binary);
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Parses and checks one module `m` without inputs.
CheckResult check_text(const std::string& text) {
    auto source = std::make_shared<SourceFile>("m.rules", "module m\n" + text);
    ParseResult parsed = parse(source);
    INFO(render(parsed.diagnostics));
    REQUIRE(parsed.module);
    REQUIRE(!parsed.diagnostics.has_errors());
    std::vector<ast::Module> modules;
    modules.push_back(std::move(*parsed.module));
    return check(modules, {});
}

// A literal of a parameter's type.
std::string literal_of(TypeId type) {
    if (type == TypeTable::date) return "2020-02-29";
    if (type == TypeTable::integer) return "3";
    if (type == TypeTable::decimal) return "2.5";
    if (type == TypeTable::text) return "\" a \"";
    FAIL("no literal for this parameter type in the test");
    return "";
}

}  // namespace

TEST_CASE("builtins table: one row per name, each with the operation it emits", "[builtins]") {
    std::set<std::string_view> names;
    for (const Builtin& b : builtins()) {
        INFO(b.name);
        CHECK(names.insert(b.name).second);
        CHECK(find_builtin(b.name) == &b);
        if (b.typing == Builtin::Typing::signature) {
            CHECK(b.signature().size() >= 1);
            CHECK(b.result != TypeTable::error);
        } else {
            CHECK(b.signature().empty());
            CHECK(std::string(b.expects) != "");  // the arity message says what the call expects
        }
        if (b.typing != Builtin::Typing::none) CHECK(b.call_op != Op::constant);
        else CHECK(b.comprehension());  // a row is callable in at least one form
        if (b.comprehension()) CHECK(is_comprehension(b.list_op));
        bool extremum = b.typing == Builtin::Typing::extremum || b.list_typing == Builtin::ListTyping::extremum;
        CHECK((b.operands != Builtin::Operands::any) == extremum);
    }
    CHECK(names.size() == 33);
    CHECK(find_builtin("alter") == nullptr);
    CHECK(find_builtin("") == nullptr);
}

TEST_CASE("builtins table: a call with the row's signature emits the row's operation and result type", "[builtins]") {
    for (const Builtin& b : builtins()) {
        if (b.typing != Builtin::Typing::signature) continue;
        std::string args;
        for (const BuiltinParameter& p : b.signature()) args += (args.empty() ? "" : ", ") + literal_of(p.type);
        std::string call = std::string(b.name) + "(" + args + ")";
        INFO(call);
        CheckResult checked = check_text("let x = " + call + "\n");
        INFO(render(checked.diagnostics));
        REQUIRE(checked.rule_set);
        const RuleSet& rs = *checked.rule_set;
        const Definition& x = rs.modules.at(0).definitions.at(0);
        CHECK(rs.nodes[x.value].op == b.call_op);
        CHECK(x.type == b.result);
        // … and with the arguments named, in reverse order.
        std::string named;
        auto params = b.signature();
        for (auto p = params.rbegin(); p != params.rend(); ++p)
            named += (named.empty() ? "" : ", ") + std::string(p->name) + ": " + literal_of(p->type);
        CheckResult by_name = check_text("let x = " + std::string(b.name) + "(" + named + ")\n");
        INFO(render(by_name.diagnostics));
        CHECK(by_name.rule_set);
    }
}

TEST_CASE("builtins table: the checker knows every row and suggests names from the table", "[builtins]") {
    for (const Builtin& b : builtins()) {
        // Without arguments every built-in is wrong, but never unknown.
        CheckResult checked = check_text("let x = " + std::string(b.name) + "()\n");
        std::string text = render(checked.diagnostics);
        INFO(text);
        CHECK(checked.diagnostics.has_errors());
        CHECK(text.find("unbekannte Funktion") == std::string::npos);
    }
    CheckResult typo = check_text("let x: int = full_month(2021-01-15, 2021-04-10)\n");
    CHECK(render(typo.diagnostics).find("unbekannte Funktion „full_month“; meinten Sie „full_months“?") != std::string::npos);
    CheckResult aggregate = check_text("let x = sum(1, 2)\n");
    CHECK(render(aggregate.diagnostics).find("sum(…) erwartet „x in liste …“") != std::string::npos);
    CheckResult list = check_text("let l: list of int = [1, 2, 3]\nlet x = max(v in l)\nlet y = count(v in l where v > 1)\n");
    INFO(render(list.diagnostics));
    REQUIRE(list.rule_set);
    const auto& defs = list.rule_set->modules.at(0).definitions;
    CHECK(list.rule_set->nodes[defs.at(1).value].op == find_builtin("max")->list_op);
    CHECK(list.rule_set->nodes[defs.at(2).value].op == find_builtin("count")->list_op);
}

TEST_CASE("builtins table: docs/language.md §§ 12–14 document every built-in", "[builtins]") {
    std::string docs = read_file("docs/language.md");
    auto from = docs.find("\n## 12. ");
    auto to = docs.find("\n## 15. ");
    REQUIRE(from != std::string::npos);
    REQUIRE(to != std::string::npos);
    std::string sections = docs.substr(from, to - from);
    for (const Builtin& b : builtins()) {
        INFO(b.name);
        CHECK(sections.find("`" + std::string(b.name) + "(") != std::string::npos);
    }
}

TEST_CASE("builtins table: the fuzzing dictionary offers every built-in name", "[builtins]") {
    std::string dict = read_file("tests/fuzz/klappt.dict");
    for (const Builtin& b : builtins()) {
        INFO(b.name);
        CHECK(dict.find("=\"" + std::string(b.name) + "\"\n") != std::string::npos);
    }
}

TEST_CASE("builtins table: the VS Code grammar highlights exactly the table's built-ins", "[builtins]") {
    std::string grammar = read_file("editors/vscode/syntaxes/klappt.tmLanguage.json");
    auto entry = grammar.find("\"builtin\": {");
    REQUIRE(entry != std::string::npos);
    const std::string open = R"("match": "\\b()";
    auto from = grammar.find(open, entry);
    REQUIRE(from != std::string::npos);
    from += open.size();
    auto to = grammar.find(")(?=", from);
    REQUIRE(to != std::string::npos);
    std::set<std::string> listed;
    std::string alternatives = grammar.substr(from, to - from);
    for (std::size_t at = 0; at <= alternatives.size();) {
        auto bar = alternatives.find('|', at);
        if (bar == std::string::npos) bar = alternatives.size();
        listed.insert(alternatives.substr(at, bar - at));
        at = bar + 1;
    }
    std::set<std::string> table;
    for (const Builtin& b : builtins()) table.emplace(b.name);
    CHECK(listed == table);
}
