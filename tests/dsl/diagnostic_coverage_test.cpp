// Every message template of dsl/ (wherever it lives under dsl/: the checker may be split into
// several files) has a golden in tests/dsl/diagnostics/, and every message in those goldens
// comes from a template the scan knows — so a new diagnostic without a golden fails here.
#include <catch2/catch.hpp>

#include <map>

#include "diagnostic_cases.hpp"
#include "message_templates.hpp"
#include "support/golden.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

// Templates no rule source can reach, each with the reason.  dsl/ should have none (a message no
// one can see is dead code); an entry that a golden reaches after all, or whose template is gone
// from dsl/, fails the test, so the list stays true.
const std::map<std::string, std::string> kUnreachable = {};

std::filesystem::path dsl_dir() { return source_dir() / "dsl"; }

std::vector<std::string> golden_messages() {
    std::vector<std::string> out;
    for (const auto& expected : files_with(diagnostics_dir(), ".expected"))
        for (auto& m : messages_of(read_file(expected))) out.push_back(std::move(m));
    return out;
}

bool matches_any(const MessageTemplate& t, const std::vector<std::string>& messages) {
    std::regex r = t.regex();
    for (const auto& m : messages)
        if (std::regex_match(m, r)) return true;
    return false;
}

std::string where(const MessageTemplate& t) {
    std::string out;
    for (const auto& w : t.where) out += (out.empty() ? "" : ", ") + w;
    return out;
}

}  // namespace

TEST_CASE("the scan reads the forms a message is written in", "[dsl][diagnostics][coverage]") {
    const char* code = R"cpp(
        // error(m, span, "im Kommentar");
        error(m, span, "unbekannter Name „" + name + "“" + did_you_mean(name, candidates));
        diags_.error(file, Span{a, b + 1}, "zwei " "Literale, " + std::to_string(n) + " Zahl");
        error(m, span, std::string("„besser“ gehört nicht an „") + (rule ? "rule" : "let") + "“");
        d.notes.push_back({file, first, "erste Definition"});
        d.message += "; meinten Sie „" + fix + "“?";
        Diagnostic& error(std::uint32_t module, Span span, std::string message) {
            return diags_.error(file_of(module), span, std::move(message));
        }
        NodeId coerce(NodeId n, TypeId target, Span span, const std::string& what) { return n; }
        x = coerce(n, TypeTable::boolean, span, "Bedingung von „if“");
        std::size_t big = 1'000'000;
        char quote = '"';
        general_error(std::string(what) + ": das Regelwerk deklariert keine Eingabe");
    )cpp";
    std::vector<std::string> texts;
    for (const auto& t : message_templates_in("x.cpp", code)) texts.push_back(t.text);
    CHECK(texts == std::vector<std::string>{
                       "unbekannter Name „{}“{}",
                       "zwei Literale, {} Zahl",
                       "„besser“ gehört nicht an „rule“",
                       "„besser“ gehört nicht an „let“",
                       "{}: das Regelwerk deklariert keine Eingabe",
                       "erste Definition",
                       "{}; meinten Sie „{}“?",
                       "coerce(…): Bedingung von „if“",
                   });
    auto templates = message_templates_in("x.cpp", code);
    CHECK(templates[0].where.front() == "x.cpp:3");
    CHECK(std::regex_match(std::string("unbekannter Name „gestatung“; meinten Sie „gestattung“?"), templates[0].regex()));
    CHECK(std::regex_match(std::string("Bedingung von „if“: erwartet bool, gefunden int"), templates.back().regex()));
    CHECK(!std::regex_match(std::string("Bedingung: erwartet bool, gefunden int"), templates.back().regex()));
}

TEST_CASE("the scan finds the message templates of dsl/", "[dsl][diagnostics][coverage]") {
    auto templates = message_templates(source_dir(), dsl_dir());
    INFO(templates.size() << " templates");
    CHECK(templates.size() > 100);
    // Each helper that writes an argument into a message is still called that way.
    for (const Forwarder& f : forwarders()) {
        INFO("forwarder " << f.function << " (tests/dsl/message_templates.cpp): no call with a literal argument left");
        CHECK(forwarder_calls(dsl_dir(), f) > 0);
    }
}

TEST_CASE("every message template of dsl/ has a golden in tests/dsl/diagnostics", "[dsl][diagnostics][coverage]") {
    auto templates = message_templates(source_dir(), dsl_dir());
    auto messages = golden_messages();
    REQUIRE(!messages.empty());
    std::string missing;
    for (const auto& t : templates) {
        bool covered = matches_any(t, messages);
        if (auto it = kUnreachable.find(t.text); it != kUnreachable.end()) {
            INFO("listed as unreachable, but a golden reaches it: " << t.text);
            CHECK(!covered);
            continue;
        }
        if (!covered) missing += "  " + t.text + "   (" + where(t) + ")\n";
    }
    INFO("message templates without a golden in tests/dsl/diagnostics/ (add NAME.rules, then run with "
         "KLAPPT_UPDATE_GOLDEN=1):\n"
         << missing);
    CHECK(missing.empty());
    for (const auto& [text, reason] : kUnreachable) {
        INFO("listed as unreachable, but no longer in dsl/: " << text);
        CHECK(std::any_of(templates.begin(), templates.end(), [&](const MessageTemplate& t) { return t.text == text; }));
    }
}

TEST_CASE("every message in the diagnostics goldens comes from a template the scan knows", "[dsl][diagnostics][coverage]") {
    auto templates = message_templates(source_dir(), dsl_dir());
    std::vector<std::regex> patterns;
    for (const auto& t : templates) patterns.push_back(t.regex());
    for (const auto& m : golden_messages()) {
        INFO("a message the scan of dsl/ does not know (a new form of writing a message?): " << m);
        CHECK(std::any_of(patterns.begin(), patterns.end(), [&](const std::regex& r) { return std::regex_match(m, r); }));
    }
}
