// `klappt rules check [DIR]`: loads and type-checks a rule set — rule files, parameter
// files and rule tests in one pass, so every mistake shows up in one run — and prints
// its diagnostics; exit code 0 only when there is no error (warnings, such as a
// parameter without a value on some day, are shown but do not fail the check).
#include <iostream>

#include "cli/commands.hpp"
#include "cli/rules_location.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "engine/ruletest/rule_tests.hpp"

namespace klappt::cli {

namespace {

// The rule tests of the set: their structure always, their names (outputs, rules,
// parameters, case fields) once the rules load.  Mismatching values are `klappt test`'s job.
void check_rule_tests(const std::filesystem::path& dir, const std::shared_ptr<const Program>& program,
                      Diagnostics& diagnostics) {
    std::unique_ptr<RuleTestRunner> runner;
    if (program) runner = std::make_unique<RuleTestRunner>(program);
    for (const auto& path : rule_test_files(dir.string())) {
        std::string error;
        SourceRef file = read_source_file(path, error);
        if (!file) {
            diagnostics.general_error(error);
            continue;
        }
        auto tests = load_rule_tests(file, diagnostics);
        if (!runner) continue;
        for (const auto& test : tests) runner->run(test, diagnostics);
    }
}

int run_rules_check(const std::string& dir_option) {
    std::filesystem::path dir = dir_option.empty() ? bundled_rules_directory() : std::filesystem::path(dir_option);
    LoadResult loaded = load_rule_set(dir);
    check_rule_tests(dir, loaded.program, loaded.diagnostics);
    std::cerr << render(loaded.diagnostics);
    if (!loaded.program || loaded.diagnostics.has_errors()) {
        std::size_t errors = loaded.diagnostics.error_count();
        std::cerr << errors << " Fehler in " << dir.string() << "\n";
        return kInvalidInput;
    }
    const Program& p = *loaded.program;
    std::size_t definitions = 0;
    for (auto& m : p.rules.modules) definitions += m.definitions.size();
    std::cout << "Regelwerk in Ordnung: " << p.manifest.name;
    if (!p.manifest.version.empty()) std::cout << ", Version " << p.manifest.version;
    std::cout << " — " << p.rules.modules.size() << " Module, " << definitions << " Definitionen, "
              << p.rules.params.size() << " Parameter, " << p.rules.outputs.size() << " Ausgaben";
    if (std::size_t w = loaded.diagnostics.warning_count()) std::cout << "; " << w << (w == 1 ? " Warnung" : " Warnungen");
    std::cout << "\n";
    return kOk;
}

}  // namespace

Command add_rules_command(CLI::App& app) {
    auto dir = std::make_shared<std::string>();
    CLI::App* rules = add_command(app, "rules", "Regelwerk prüfen");
    rules->require_subcommand(1);
    CLI::App* check = add_command(*rules, "check",
                                  "Regeldateien, Parameterdateien und Regeltests in einem Lauf prüfen "
                                  "(Syntax, Namen, Typen, Zyklen, Gültigkeit der Parameter)");
    check->add_option("DIR", *dir, "Regelverzeichnis (Vorgabe: das mitgelieferte rules/)")->type_name("VERZEICHNIS");
    return {rules, [dir]() { return run_rules_check(*dir); }};
}

}  // namespace klappt::cli
