// Issue 14: the author tools' figures.  `klappt lint rules/` (load, run the rule tests for
// the coverage lint, all lints) should take ≤ 100 ms; `klappt diff` over 100 000 cases
// (the synthetic Kreis repeated; a rule change that touches many cases) ≤ 5 s.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "authoring/language_server.hpp"
#include "authoring/lint.hpp"
#include "authoring/rule_diff.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "engine/ruletest/rule_tests.hpp"
#include "support/caseload_csv.hpp"

namespace fs = std::filesystem;
using namespace klappt;

namespace {

const fs::path kRoot = KLAPPT_SOURCE_DIR;

std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void BM_LintRules(benchmark::State& state) {
    for (auto _ : state) {
        Diagnostics diagnostics;
        auto sources = collect_rule_set(kRoot / "rules", diagnostics);
        LoadResult loaded = load_rule_set(*sources, kRoot / "rules");
        RuleCoverage coverage;
        RuleTestRunner runner(loaded.program);
        runner.record_coverage(&coverage);
        for (const auto& path : rule_test_files((kRoot / "rules").string())) {
            std::string error;
            for (const auto& test : load_rule_tests(read_source_file(path, error), diagnostics)) runner.run(test, diagnostics);
        }
        authoring::LintInput input;
        input.program = loaded.program.get();
        input.sources = &*sources;
        input.tests = &coverage;
        auto findings = authoring::lint(input);
        benchmark::DoNotOptimize(findings);
    }
}
BENCHMARK(BM_LintRules)->Unit(benchmark::kMillisecond);

// The rule set with the upper age limit raised (27 → 28), in a temporary folder.
struct RaisedAgeLimit {
    fs::path dir = fs::temp_directory_path() / "klappt_bench_diff_rules";
    std::shared_ptr<const Program> old_program, new_program;
    RaisedAgeLimit() {
        fs::remove_all(dir);
        fs::copy(kRoot / "rules", dir, fs::copy_options::recursive);
        std::string rules = read(dir / "zielgruppe.rules");
        rules.replace(rules.find("alter <= 27"), 11, "alter <= 28");
        std::ofstream(dir / "zielgruppe.rules") << rules;
        old_program = load_rule_set(kRoot / "rules").program;
        new_program = load_rule_set(dir).program;
    }
    ~RaisedAgeLimit() { fs::remove_all(dir); }
};

std::string kreis_yaml() { return read(kRoot / "examples" / "kreis" / "rhein_kreis_synthetisch.yaml"); }

void report(benchmark::State& state, const authoring::DiffResult& result) {
    state.counters["faelle"] = static_cast<double>(result.cases);
    state.counters["geaendert"] = static_cast<double>(result.changed.size());
}

void BM_Diff100k(benchmark::State& state) {
    // The Kreis file repeated until 100 000 cases; the new rule set raises the upper age limit.
    std::string one = kreis_yaml();
    std::size_t per_file = 1;
    for (std::size_t at = 0; (at = one.find("\n---", at)) != std::string::npos; ++at) ++per_file;
    const std::size_t target = static_cast<std::size_t>(state.range(0));
    std::string text;
    for (std::size_t n = 0; n < target; n += per_file) text += (text.empty() ? "" : "\n---\n") + one;
    auto cases = std::make_shared<SourceFile>("kreis_100k.yaml", text);
    RaisedAgeLimit rules;
    authoring::DiffResult result;
    for (auto _ : state) {
        authoring::RuleDiff diff(rules.old_program, rules.new_program, nullptr, nullptr);
        Diagnostics diagnostics;
        diff.add_file(cases, diagnostics);
        result = diff.finish();
    }
    report(state, result);
}
BENCHMARK(BM_Diff100k)->Arg(100000)->Unit(benchmark::kSecond)->Iterations(1);

// The same caseload as a CSV file (the Kreis flattened to one row per case, repeated with
// unique ids): what a KI exports from its spreadsheet.
void BM_Diff100kCsv(benchmark::State& state) {
    fs::path csv = fs::temp_directory_path() / "klappt_bench_kreis_100k.csv";
    std::ofstream(csv) << testing::caseload_as_csv(kreis_yaml(), static_cast<std::size_t>(state.range(0)));
    RaisedAgeLimit rules;
    authoring::DiffResult result;
    for (auto _ : state) {
        authoring::RuleDiff diff(rules.old_program, rules.new_program, nullptr, nullptr);
        Diagnostics diagnostics;
        diff.add_csv_file(csv.string(), diagnostics);
        result = diff.finish();
        if (diagnostics.has_errors()) state.SkipWithError(render(diagnostics).c_str());
    }
    report(state, result);
    fs::remove(csv);
}
BENCHMARK(BM_Diff100kCsv)->Arg(100000)->Unit(benchmark::kSecond)->Iterations(1);

// An edit in an open rule file and the diagnostics that come back (klappt lsp, in process:
// the framing over stdio adds microseconds).
void BM_LspDiagnosticRoundTrip(benchmark::State& state) {
    authoring::LanguageServer server;
    std::string path = (kRoot / "rules" / "zielgruppe.rules").lexically_normal().string();
    std::string uri = "file://" + path;
    std::string text = read(path);
    server.handle({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", nlohmann::json::object()}});
    server.handle({{"jsonrpc", "2.0"},
                   {"method", "textDocument/didOpen"},
                   {"params", {{"textDocument", {{"uri", uri}, {"languageId", "klappt"}, {"version", 1}, {"text", text}}}}}});
    int version = 1;
    for (auto _ : state) {
        ++version;
        // Alternately a mistake and its repair.
        std::string edited = version % 2 ? text : text + "\nlet kaputt: int = 1 €\n";
        auto replies = server.handle({{"jsonrpc", "2.0"},
                                      {"method", "textDocument/didChange"},
                                      {"params", {{"textDocument", {{"uri", uri}, {"version", version}}},
                                                  {"contentChanges", {{{"text", edited}}}}}}});
        benchmark::DoNotOptimize(replies);
    }
}
BENCHMARK(BM_LspDiagnosticRoundTrip)->Unit(benchmark::kMillisecond);

}  // namespace
