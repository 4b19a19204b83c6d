// `klappt test [PATH...]`: runs the rule tests (YAML files in <rules>/tests/)
// against their rule set and prints one line per failing test plus the totals in
// German („153 bestanden, 0 fehlgeschlagen“) and for tools (`N passed, N failed`).
// --update writes what the rules compute now into the failing expectations (only
// the values, so the diff is small and comments stay); --abdeckung lists the rules
// and exceptions no test decides both ways.  A PATH is a rule-set folder (its tests and those of
// rule sets nested in it), or a test file (its rule set is the nearest folder
// above it with a regelwerk.yaml).  Exit code: 0 all passed, 1 a test failed,
// 2 a rule set or test file is invalid.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/rules_location.hpp"
#include "cli/output_file.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "engine/ruletest/rule_tests.hpp"

namespace klappt::cli {

namespace {

namespace fs = std::filesystem;

struct TestOptions {
    std::vector<std::string> paths;
    std::string filter;
    bool verbose = false;
    bool update = false;
    bool coverage = false;
};

constexpr const char* kManifest = "regelwerk.yaml";

// Rule set folder → the test files to run for it, in a stable order.
using Plan = std::map<fs::path, std::set<fs::path>>;

// "rules/" and "rules" are the same folder.
fs::path clean(const fs::path& p) {
    fs::path out = p.lexically_normal();
    if (!out.has_filename() && out.has_parent_path()) out = out.parent_path();
    return out;
}

bool add_path(const fs::path& given, Plan& plan) {
    std::error_code ec;
    fs::path path = clean(given);
    if (fs::is_directory(path, ec)) {
        if (!fs::exists(path / kManifest, ec)) {
            std::cerr << "klappt test: " << path.string() << " ist kein Regelverzeichnis (ohne " << kManifest << ")\n";
            return false;
        }
        // This rule set and every rule set nested in it that has tests.
        std::vector<fs::path> roots{path};
        for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
             it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) break;
            if (it->is_directory() && fs::exists(it->path() / kManifest)) roots.push_back(clean(it->path()));
        }
        for (auto& root : roots) {
            auto files = rule_test_files(root.string());
            if (files.empty() && root != path) continue;
            auto& entry = plan[root];
            for (auto& f : files) {
                // A test file belongs to the nearest rule set above it.
                fs::path owner = fs::path(f).parent_path();
                while (!owner.empty() && !fs::exists(owner / kManifest)) owner = owner.parent_path();
                if (owner == root) entry.insert(f);
            }
        }
        return true;
    }
    if (fs::is_regular_file(path, ec)) {
        fs::path owner = fs::absolute(path, ec).lexically_normal().parent_path();
        while (owner != owner.root_path() && !fs::exists(owner / kManifest)) owner = owner.parent_path();
        if (!fs::exists(owner / kManifest)) {
            std::cerr << "klappt test: zu " << path.string() << " gehört kein Regelverzeichnis (" << kManifest
                      << " in einem Ordner darüber)\n";
            return false;
        }
        fs::path shown = fs::relative(owner, ec);
        plan[ec || shown.empty() ? owner : clean(shown)].insert(path);
        return true;
    }
    std::cerr << "klappt test: " << path.string() << " nicht gefunden\n";
    return false;
}

// The rules and exceptions the tests did not decide both ways, with where they are written.
void print_coverage(const RuleSet& rules, const RuleCoverage& coverage) {
    std::vector<std::string> lines;
    std::size_t rule_count = 0, both = 0;
    auto where = [&](std::uint32_t m, Span span) {
        const auto& file = rules.modules[m].file;
        LineColumn at = file->position(span.begin);
        return file->name() + ":" + std::to_string(at.line);
    };
    for (std::uint32_t m = 0; m < rules.modules.size(); ++m) {
        const Module& module = rules.modules[m];
        for (std::uint32_t d = 0; d < module.definitions.size(); ++d) {
            const Definition& def = module.definitions[d];
            if (def.kind == DefinitionKind::rule) {
                ++rule_count;
                auto it = coverage.rules.find({m, d});
                RuleCoverage::Seen seen = it == coverage.rules.end() ? RuleCoverage::Seen{} : it->second;
                if (seen.yes && seen.no) ++both;
                else
                    lines.push_back(where(m, def.span) + ": Regel " + rules.qualified_name(m, d) + ": " +
                                    (!seen.yes && !seen.no ? "von keinem Test ausgewertet"
                                     : seen.yes            ? "nie falsch"
                                                           : "nie wahr"));
            }
            for (std::uint32_t e = 0; e < def.exceptions.size(); ++e) {
                auto it = coverage.exceptions.find({m, d, e});
                RuleCoverage::Seen seen = it == coverage.exceptions.end() ? RuleCoverage::Seen{} : it->second;
                if (seen.yes && seen.no) continue;
                std::string label = def.exceptions[e].label.empty() ? std::to_string(e + 1) + "." : "„" + def.exceptions[e].label + "“";
                lines.push_back(where(m, def.span) + ": Ausnahme " + label + " von " + rules.qualified_name(m, d) + ": " +
                                (!seen.yes && !seen.no ? "von keinem Test geprüft"
                                 : seen.yes            ? "greift in jedem Test"
                                                       : "greift in keinem Test"));
            }
        }
    }
    std::cout << "Abdeckung: " << both << " von " << rule_count << " Regeln in beide Richtungen geprüft\n";
    for (const auto& l : lines) std::cout << "  " << l << "\n";
}

int run_tests(const TestOptions& options) {
    Plan plan;
    bool paths_ok = true;
    if (options.paths.empty()) paths_ok = add_path(bundled_rules_directory(), plan);
    for (const auto& p : options.paths) paths_ok = add_path(p, plan) && paths_ok;
    if (!paths_ok) return kInvalidInput;

    std::size_t passed = 0, failed = 0, updated = 0, selected_files = 0, unloadable = 0;
    bool invalid = false;
    for (const auto& [root, files] : plan) {
        if (files.empty()) {
            std::cerr << "klappt test: keine Tests in " << (root / "tests").string() << "\n";
            invalid = true;
            continue;
        }
        LoadResult loaded = load_rule_set(root);
        std::cerr << render(loaded.diagnostics);  // warnings too: a test run must not hide them
        if (!loaded.program) {
            std::cerr << "klappt test: das Regelwerk in " << root.string() << " lädt nicht ("
                      << loaded.diagnostics.error_count() << " Fehler); seine " << files.size()
                      << (files.size() == 1 ? " Testdatei wurde" : " Testdateien wurden")
                      << " nicht ausgeführt (klappt rules check " << root.string() << " zeigt alle Fehler)\n";
            invalid = true;
            ++unloadable;
            continue;
        }
        RuleTestRunner runner(loaded.program);
        RuleCoverage coverage;
        if (options.coverage) runner.record_coverage(&coverage);
        std::map<std::string, std::pair<SourceRef, Span>> names;
        for (const auto& path : files) {
            ++selected_files;
            Diagnostics diagnostics;
            SourceRef file = read_input_file("test", path.string());
            if (!file) {
                invalid = true;
                continue;
            }
            auto tests = load_rule_tests(file, diagnostics);
            std::vector<ExpectationUpdate> updates;
            std::size_t updated_here = 0;
            for (const auto& test : tests) {
                auto [it, fresh] = names.emplace(test.name, std::pair{test.file, test.span});
                if (!fresh)
                    diagnostics.error(test.file, test.span, "Testname „" + test.name + "“ kommt doppelt vor")
                        .notes.push_back({it->second.first, it->second.second, "erstes Vorkommen"});
                if (!options.filter.empty() && test.name.find(options.filter) == std::string::npos) continue;
                std::size_t errors_before = diagnostics.error_count();
                RuleTestResult result = runner.run(test, diagnostics);
                if (result.passed) {
                    ++passed;
                    if (options.verbose) std::cout << "ok   " << test.name << "\n";
                    continue;
                }
                LineColumn at = file->position(test.span.begin);
                bool can_update = options.update && result.updatable && !result.updates.empty() &&
                                  result.updates.size() == result.mismatches.size() &&
                                  diagnostics.error_count() == errors_before;
                if (can_update) {
                    ++updated;
                    ++updated_here;
                    updates.insert(updates.end(), result.updates.begin(), result.updates.end());
                    std::cout << file->name() << ":" << at.line << ": AKTUALISIERT " << test.name << ": ";
                } else {
                    ++failed;
                    std::cout << file->name() << ":" << at.line << ": FAIL " << test.name << ": ";
                }
                for (std::size_t i = 0; i < result.mismatches.size(); ++i)
                    std::cout << (i ? "; " : "") << result.mismatches[i];
                if (options.update && !can_update && diagnostics.error_count() == errors_before)
                    std::cout << " (nicht automatisch aktualisierbar: Länge einer Liste oder Regelliste in Blockform)";
                std::cout << "\n";
            }
            if (diagnostics.has_errors()) invalid = true;
            std::cout.flush();
            std::cerr << render(diagnostics);
            if (!updates.empty()) {
                std::string text = apply_expectation_updates(file->text(), updates);
                std::string write_error = write_file_atomically(path.string(), text);
                if (!write_error.empty()) {
                    std::cerr << "klappt test: " << write_error << "\n";
                    invalid = true;
                } else {
                    std::cout << file->name() << ": " << updated_here << (updated_here == 1 ? " Test" : " Tests")
                              << " aktualisiert (Änderung mit git diff prüfen)\n";
                }
            }
        }
        if (options.coverage) print_coverage(loaded.program->rules, coverage);
    }
    if (!options.filter.empty() && passed + failed + updated == 0 && unloadable == 0) {
        std::cerr << "klappt test: kein Test passt zu --filter „" << options.filter << "“\n";
        invalid = true;
    }
    if (unloadable > 0 && passed + failed + updated == 0) return kInvalidInput;  // nothing ran: no totals to mislead
    std::cout << passed << " bestanden, " << failed << " fehlgeschlagen";
    if (options.update) std::cout << ", " << updated << " aktualisiert";
    std::cout << "\n" << passed << " passed, " << failed << " failed\n";
    if (invalid) return kInvalidInput;
    return failed ? kFindings : kOk;
}

}  // namespace

Command add_test_command(CLI::App& app) {
    auto options = std::make_shared<TestOptions>();
    CLI::App* cmd = add_command(app, "test", "Regeltests ausführen (YAML-Dateien in <Regelverzeichnis>/tests/)");
    cmd->add_option("PFAD", options->paths,
                    "Regelverzeichnis (mit regelwerk.yaml; Vorgabe: das mitgelieferte rules/) oder Testdatei")
        ->type_name("PFAD");
    cmd->add_option("--filter", options->filter, "nur Tests, deren Name diesen Text enthält")->type_name("TEXT");
    cmd->add_flag("-v,--verbose", options->verbose, "auch bestandene Tests nennen");
    cmd->add_flag("--update", options->update,
                  "die Werte fehlschlagender Tests unter „erwartet“ durch die jetzt berechneten ersetzen");
    cmd->add_flag("--abdeckung", options->coverage,
                  "Regeln und Ausnahmen nennen, die kein Test in beide Richtungen entscheidet");
    return {cmd, [options]() { return run_tests(*options); }};
}

}  // namespace klappt::cli
