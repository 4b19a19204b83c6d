// Nothing crashes, whatever the input: thousands of deterministic mutations of
// real rule files, parameter files and case files (bytes flipped, deleted,
// duplicated, truncated, random bytes) go through the parser, the checker and
// the loaders; each must end in diagnostics or a result, never in a crash or an
// escaped exception.  tests/fuzz/ holds libFuzzer entry points for the same.
#include <random>

#include "dsl/parser.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/result/case_runner.hpp"
#include "support/bundled_rules.hpp"
#include "support/golden.hpp"
#include "support/rules_from_text.hpp"

using namespace klappt;
using namespace klappt::testing;

namespace {

std::string mutate(const std::string& text, std::mt19937& rng) {
    std::string s = text;
    auto pick = [&](std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    static const char* tokens[] = {"(", ")", "{", "}", "[", "]", ":", ",", "\"", "\n", " ", "#", "-", "---", "€", "%",
                                   "and", "not", "in", "if", "then", "else", "let", "rule", "2021-02-30", "99999999999999999999",
                                   "\xC3", "\xFF", "\t", "\r", "'", "&a", "*b", "!!str", "? ", ": :", "=>", "is set"};
    int edits = 1 + static_cast<int>(pick(4));
    for (int e = 0; e < edits && !s.empty(); ++e) {
        std::size_t at = pick(s.size());
        switch (pick(6)) {
            case 0: s[at] = static_cast<char>(pick(256)); break;
            case 1: s.erase(at, 1 + pick(20)); break;
            case 2: s.insert(at, tokens[pick(sizeof tokens / sizeof *tokens)]); break;
            case 3: s.insert(at, s.substr(pick(s.size()), pick(60))); break;
            case 4: s.resize(at); break;
            default: {
                std::string junk;
                for (std::size_t i = pick(30); i > 0; --i) junk.push_back(static_cast<char>(pick(256)));
                s.insert(at, junk);
            }
        }
    }
    return s;
}

std::vector<std::filesystem::path> files_below(const std::filesystem::path& dir, const std::string& extension) {
    std::vector<std::filesystem::path> out;
    for (auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.path().extension() == extension) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("mutated rule files give diagnostics, never a crash", "[robustness]") {
    std::mt19937 rng(4711);
    auto files = files_below(source_dir() / "rules", ".rules");
    REQUIRE(!files.empty());
    std::size_t runs = 0, rejected = 0;
    for (const auto& path : files) {
        std::string original = read_file(path);
        for (int i = 0; i < 150; ++i) {
            std::string text = mutate(original, rng);
            auto result = load_rules_text({{path.filename().string(), text}});
            // The renderer must cope with whatever positions the diagnostics carry.
            std::string rendered = render(result.diagnostics);
            ++runs;
            if (!result.program) {
                ++rejected;
                CHECK(!rendered.empty());
            }
        }
    }
    CHECK(runs > 1000);
    CHECK(rejected > runs / 2);
}

TEST_CASE("random bytes and pathological rule files", "[robustness]") {
    std::mt19937 rng(1234);
    for (int i = 0; i < 300; ++i) {
        std::string text;
        for (std::size_t n = std::uniform_int_distribution<std::size_t>(0, 400)(rng); n > 0; --n)
            text.push_back(static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng)));
        if (i % 2) text = "module m\nlet x = " + text;
        auto result = load_rules_text({{"zufall.rules", text}});
        CHECK(!result.program);
        CHECK(!render(result.diagnostics).empty());
    }
    // Deep nesting of every recursive construct is refused with a message, never a stack overflow.
    for (std::string open : {"(", "[", "f(", "if true then ", "not ", "-", "{"}) {
        std::string text = "module m\nlet x = ";
        for (int i = 0; i < 20000; ++i) text += open;
        auto result = load_rules_text({{"tief.rules", text}});
        CHECK(!result.program);
    }
    // 100 levels are fine.
    std::string text = "module m\ninput fall: text\ninput stichtag: date\noutput x: int = ";
    for (int i = 0; i < 100; ++i) text += "(";
    text += "1";
    for (int i = 0; i < 100; ++i) text += " + 1)";
    auto ok = load_rules_text({{"hundert.rules", text}}, {}, "fall: fall\nstichtag: stichtag\n");
    INFO(render(ok.diagnostics));
    CHECK(ok.program);
}

TEST_CASE("mutated case files give field errors, never a crash", "[robustness]") {
    const Program& program = bundled_program();
    CaseRunner runner(program);
    ResultDetail everything;
    everything.explanation = everything.people_tree = everything.technical_tree = true;
    std::mt19937 rng(99);
    auto files = files_below(source_dir() / "examples", ".yaml");
    for (const auto& extra : files_below(test_dir() / "golden" / "case_errors", ".yaml")) files.push_back(extra);
    REQUIRE(!files.empty());
    std::size_t evaluated = 0, invalid = 0;
    for (const auto& path : files) {
        std::string original = read_file(path);
        for (int i = 0; i < 60; ++i) {
            auto file = std::make_shared<SourceFile>(path.filename().string(), mutate(original, rng));
            CaseFile cases = load_cases_yaml(program, file);
            render(cases.diagnostics);
            for (auto& doc : cases.cases) {
                if (!doc.data) {
                    ++invalid;
                    CHECK(!doc.errors.empty());
                    case_error_json(program, doc.id, doc.errors);
                    continue;
                }
                const CaseResult& result = runner.run(*doc.data, everything);
                case_json(result, JsonFields::explained);
                case_text(result);
                if (result.evaluated()) ++evaluated;
                else CHECK(!result.error.empty());  // a readable reason, reported as a fehler record
            }
        }
    }
    CHECK(evaluated + invalid > 100);
}

TEST_CASE("mutated parameter files give diagnostics, never a crash", "[robustness]") {
    std::mt19937 rng(2024);
    std::string rules = "module m\ninput fall: text\ninput stichtag: date\n"
                        "param betrag: money \"Betrag\"\nparam ende: date? \"Ende\"\nparam quote: decimal \"Quote\"\n"
                        "output x: money = betrag * quote\n";
    std::string params = "betrag:\n  bezeichnung: Betrag\n  art: beispiel\n  werte:\n    - {ab: 2020-01-01, wert: 37.50}\n"
                         "ende:\n  werte:\n    - ab: 2019-12-18\n      wert: 2022-06-30\n    - {ab: 2020-04-16, wert: 2022-12-31}\n"
                         "quote:\n  wert: 80 %\n";
    REQUIRE(load_rules_text({{"m.rules", rules}}, {{"p.yaml", params}}, "fall: fall\nstichtag: stichtag\n").program);
    for (int i = 0; i < 400; ++i) {
        auto result = load_rules_text({{"m.rules", rules}}, {{"p.yaml", mutate(params, rng)}},
                                      mutate("fall: fall\nstichtag: stichtag\n", rng));
        render(result.diagnostics);
        if (!result.program) CHECK(result.diagnostics.has_errors());
    }
}
