#include "cli/command_support.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/rules_location.hpp"
#include "engine/base/calendar.hpp"
#include "engine/input/rule_set_loader.hpp"

namespace klappt::cli {

namespace {

constexpr const char* kRulesHelp = "Regelverzeichnis (Vorgabe: das mitgelieferte rules/)";

}  // namespace

void add_rules_option(CLI::App& command, std::string& rules_dir) {
    command.add_option("--rules", rules_dir, kRulesHelp)->type_name("VERZEICHNIS");
}

void add_rules_argument(CLI::App& command, std::string& rules_dir) {
    command.add_option("DIR", rules_dir, kRulesHelp)->type_name("VERZEICHNIS");
}

void add_check_date_option(CLI::App& command, std::string& check_date) {
    command.add_option("--stichtag", check_date, "Stichtag aller Fälle ersetzen (JJJJ-MM-TT oder TT.MM.JJJJ)")
        ->type_name("DATUM");
}

std::optional<DayNumber> date_option(const std::string& command, const std::string& option, const std::string& text,
                                     bool& ok) {
    if (text.empty()) return std::nullopt;
    auto day = calendar::parse(text);
    if (!day) {
        std::cerr << "klappt " << command << ": " << option << " „" << text
                  << "“ ist kein gültiges Datum (erwartet JJJJ-MM-TT oder TT.MM.JJJJ)\n";
        ok = false;
        return std::nullopt;
    }
    return calendar::day_number(*day);
}

std::filesystem::path rules_directory(const std::string& option, const std::string& bundled_subfolder) {
    if (!option.empty()) return option;
    std::filesystem::path bundled = bundled_rules_directory();
    return bundled_subfolder.empty() ? bundled : bundled / bundled_subfolder;
}

std::shared_ptr<const Program> load_rules(const std::string& command, const std::filesystem::path& directory) {
    LoadResult loaded = load_rule_set(directory);
    std::cerr << render(loaded.diagnostics);
    if (!loaded.program)
        std::cerr << "klappt " << command << ": das Regelwerk in " << directory.string() << " enthält Fehler\n";
    return loaded.program;
}

bool accepts_check_date(const std::string& command, const Program& program) {
    if (program.rules.check_date_input) return true;
    std::cerr << "klappt " << command << ": --stichtag geht nicht: das Regelwerk nennt keinen Stichtag\n";
    return false;
}

std::optional<CaseRules> load_case_rules(const std::string& command, const CaseFileOptions& options) {
    bool ok = true;
    CaseRules rules;
    rules.check_date = date_option(command, "--stichtag", options.check_date, ok);
    if (!ok) return std::nullopt;
    rules.program = load_rules(command, rules_directory(options.rules_dir));
    if (!rules.program) return std::nullopt;
    if (rules.check_date && !accepts_check_date(command, *rules.program)) return std::nullopt;
    return rules;
}

SourceRef read_input_file(const std::string& command, const std::string& path) {
    std::string error;
    SourceRef file = read_source_file(path, error);
    if (!file) std::cerr << "klappt " << command << ": " << error << "\n";
    return file;
}

bool run_cases(const std::string& command, CaseRunner& runner, const std::vector<std::string>& files, CaseFileRun run) {
    run.message = [&command](const std::string& text, bool about_file) {
        if (about_file) std::cerr << "klappt " << command << ": ";
        std::cerr << text;
    };
    return run_case_files(runner, files, run);
}

}  // namespace klappt::cli
