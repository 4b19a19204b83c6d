// `klappt rules check [DIR]`: loads and type-checks a rule set and prints its
// diagnostics; exit code 0 only when it is clean.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/rules_location.hpp"
#include "engine/rule_set_loader.hpp"

namespace klappt::cli {

namespace {

int run_rules_check(const std::string& dir_option) {
    std::filesystem::path dir = dir_option.empty() ? bundled_rules_directory() : std::filesystem::path(dir_option);
    LoadResult loaded = load_rule_set(dir);
    std::cerr << render(loaded.diagnostics);
    if (!loaded.program) {
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
              << p.rules.params.size() << " Parameter, " << p.rules.outputs.size() << " Ausgaben\n";
    return kOk;
}

}  // namespace

Command add_rules_command(CLI::App& app) {
    auto dir = std::make_shared<std::string>();
    CLI::App* rules = add_command(app, "rules", "Regelwerk prüfen");
    rules->require_subcommand(1);
    CLI::App* check = add_command(*rules, "check", "Regeldateien laden und prüfen (Syntax, Namen, Typen, Zyklen)");
    check->add_option("DIR", *dir, "Regelverzeichnis (Vorgabe: das mitgelieferte rules/)")->type_name("VERZEICHNIS");
    return {rules, [dir]() { return run_rules_check(*dir); }};
}

}  // namespace klappt::cli
