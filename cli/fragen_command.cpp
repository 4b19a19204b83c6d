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

struct FragenOptions : CaseFileOptions {
    bool json = false;
};

int run_fragen(const FragenOptions& options) {
    auto rules = load_case_rules("fragen", options);
    if (!rules) return kInvalidInput;
    const Program& program = *rules->program;
    std::optional<DayNumber> override_date = rules->check_date;
    Evaluator evaluator(program);
    bool all_valid = true;
    std::string separator;
    for (const auto& path : options.files) {
        SourceRef file = read_input_file("fragen", path);
        if (!file) {
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
    add_rules_option(*cmd, options->rules_dir);
    add_check_date_option(*cmd, options->check_date);
    return {cmd, [options]() { return run_fragen(*options); }};
}

}  // namespace klappt::cli
