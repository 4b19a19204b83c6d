// `klappt fragen FILE... [--json]`: for partial cases (facts written as `unbekannt`
// or left out), the facts still to ask — only those that can change a result, in a
// sensible order, each with why — or the complete result once it stands
// (engine/fragen/interview.hpp).  Exit code 0 when every case was read.
#include <iostream>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "dsl/diagnostic.hpp"
#include "engine/render/case_output.hpp"
#include "engine/fragen/interview.hpp"

namespace klappt::cli {

namespace {

struct FragenOptions {
    std::vector<std::string> files;
    std::string rules_dir;
    std::string check_date;
    bool json = false;
};

int run_fragen(const FragenOptions& options) {
    bool ok = true;
    std::optional<DayNumber> override_date = date_option("fragen", "--stichtag", options.check_date, ok);
    if (!ok) return kInvalidInput;
    auto loaded = load_rules("fragen", rules_directory(options.rules_dir));
    if (!loaded) return kInvalidInput;
    const Program& program = *loaded;
    if (override_date && !accepts_check_date("fragen", program)) return kInvalidInput;
    Evaluator evaluator(program);
    bool all_valid = true;
    std::string separator;
    for (const auto& path : options.files) {
        std::string error;
        SourceRef file = read_source_file(path, error);
        if (!file) {
            std::cerr << "klappt fragen: " << error << "\n";
            all_valid = false;
            continue;
        }
        Diagnostics diagnostics;
        auto documents = load_partial_cases_yaml(program, file, diagnostics);
        std::cerr << render(diagnostics);
        if (documents.empty()) all_valid = false;
        for (auto& doc : documents) {
            if (!doc.data) {
                all_valid = false;
                if (options.json) std::cout << case_error_json(program, doc.id, doc.errors) << "\n";
                continue;
            }
            PartialCase& partial = *doc.data;
            if (override_date && program.rules.check_date_input) {
                Value* slot = &partial.kase->inputs[*program.rules.check_date_input];
                *slot = Value::date(*override_date);
                std::erase_if(partial.unknowns, [&](const UnknownInput& u) { return u.slot == slot; });
            }
            Interview result = interview(evaluator, partial);
            if (!result.valid) {
                std::cerr << file->name() << ": error: " << case_prefix(doc.id)
                          << "keine Vervollständigung der unbekannten Angaben ergibt einen gültigen Fall: "
                          << result.invalid_reason << "\n";
                all_valid = false;
            }
            if (options.json) std::cout << interview_json(result) << "\n";
            else std::cout << separator << interview_text(result);
            separator = "\n";
        }
    }
    std::cout.flush();
    return all_valid ? kOk : kInvalidInput;
}

}  // namespace

Command add_fragen_command(CLI::App& app) {
    auto options = std::make_shared<FragenOptions>();
    CLI::App* cmd = add_command(app, "fragen",
                                "Teilfälle: welche unbekannten Angaben das Ergebnis noch ändern können (und warum), "
                                "oder das Ergebnis, sobald es feststeht");
    cmd->add_option("FILE", options->files, "YAML-Dateien mit Fällen; unbekannte Angaben als „unbekannt“ oder weggelassen")
        ->required()
        ->type_name("DATEI");
    cmd->add_flag("--json", options->json, "eine JSON-Zeile je Fall statt Text");
    cmd->add_option("--rules", options->rules_dir, "Regelverzeichnis (Vorgabe: das mitgelieferte rules/)")
        ->type_name("VERZEICHNIS");
    cmd->add_option("--stichtag", options->check_date, "Stichtag aller Fälle ersetzen (JJJJ-MM-TT oder TT.MM.JJJJ)")
        ->type_name("DATUM");
    return {cmd, [options]() { return run_fragen(*options); }};
}

}  // namespace klappt::cli
