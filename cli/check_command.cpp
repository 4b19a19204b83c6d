// `klappt check FILE...`: evaluates every case of the given YAML files and
// prints a German summary (default), the explanation tree (--explain) or the
// JSON Lines of io.md (--json).  Invalid cases are reported and skipped; the
// others are still evaluated; the exit code tells whether all were valid.
#include <iostream>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "engine/calendar.hpp"
#include "engine/case_loader.hpp"
#include "engine/case_result.hpp"

namespace klappt::cli {

namespace {

struct CheckOptions {
    std::vector<std::string> files;
    std::string rules_dir;
    std::string check_date;
    bool json = false;
    bool explain = false;
};

int run_check(const CheckOptions& options) {
    bool ok = true;
    std::optional<DayNumber> override_date = date_option("check", "--stichtag", options.check_date, ok);
    if (!ok) return kInvalidInput;
    auto loaded = load_rules("check", rules_directory(options.rules_dir));
    if (!loaded) return kInvalidInput;
    const Program& program = *loaded;
    if (override_date && !accepts_check_date("check", program)) return kInvalidInput;
    Evaluator evaluator(program);
    bool all_valid = true;
    bool first_output = true;
    for (const auto& path : options.files) {
        std::string error;
        SourceRef file = read_source_file(path, error);
        if (!file) {
            std::cerr << "klappt check: " << error << "\n";
            all_valid = false;
            continue;
        }
        CaseFile cases = load_cases_yaml(program, file);
        std::cerr << render(cases.diagnostics);
        if (cases.cases.empty()) all_valid = false;
        for (auto& doc : cases.cases) {
            if (!doc.data) {
                all_valid = false;
                if (options.json) std::cout << case_error_json(program, doc.id, doc.errors) << "\n";
                else std::cout << (first_output ? "" : "\n") << "Fall " << doc.id << ": nicht auswertbar (Fehler siehe oben)\n";
                first_output = false;
                continue;
            }
            Case& kase = *doc.data;
            if (override_date) kase.inputs[*program.rules.check_date_input] = Value::date(*override_date);
            std::string result;
            try {
                evaluator.start(kase, options.explain);
                if (options.json) {
                    result = case_json(evaluator) + "\n";
                } else {
                    result = (first_output ? "" : "\n") + case_text(evaluator);
                    if (options.explain) result += "\nErklärung:\n" + explanation_text(evaluator);
                }
            } catch (const EvaluationError& e) {
                all_valid = false;
                std::string message = evaluation_error_text(program, e);
                std::cerr << file->name() << ": error: " << case_prefix(kase.id) << message << "\n";
                result = options.json ? case_error_json(program, kase.id, {{"", message, {}}}) + "\n"
                                      : (first_output ? "" : "\n") + ("Fall " + kase.id + ": nicht auswertbar: " + message + "\n");
            }
            std::cout << result;
            first_output = false;
        }
    }
    std::cout.flush();
    return all_valid ? kOk : kInvalidInput;
}

}  // namespace

Command add_check_command(CLI::App& app) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* cmd = add_command(app, "check", "Fälle prüfen: Zielgruppe, Förderbausteine, Beträge, Fristen, Gründe");
    cmd->add_option("FILE", options->files, "YAML-Dateien mit einem oder mehreren Fällen (io.md)")
        ->required()
        ->type_name("DATEI");
    cmd->add_flag("--json", options->json, "JSON Lines nach io.md statt Text");
    cmd->add_flag("--explain", options->explain, "den ganzen Erklärungsbaum ausgeben");
    cmd->add_option("--rules", options->rules_dir, "Regelverzeichnis (Vorgabe: das mitgelieferte rules/)")
        ->type_name("VERZEICHNIS");
    cmd->add_option("--stichtag", options->check_date, "Stichtag aller Fälle ersetzen (JJJJ-MM-TT oder TT.MM.JJJJ)")
        ->type_name("DATUM");
    return {cmd, [options]() { return run_check(*options); }};
}

}  // namespace klappt::cli
