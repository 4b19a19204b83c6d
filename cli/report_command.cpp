// `klappt report FILE...`: the Zwischenbilanz over every case of the given YAML
// files (or CSV files as klappt batch reads them, streamed row by row) — German text on stdout (or JSON with --json) and, with --csv FILE, a
// CSV for Excel written atomically.  What is counted is declared by the rule
// set (bericht.yaml); invalid cases are reported, left out and counted.
// Exit code: 0 fine, 2 some case or the specification could not be used.
#include <iostream>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/report/report_render.hpp"

namespace klappt::cli {

namespace {

struct ReportOptions : CaseFileOptions {
    std::string spec_file;
    std::string csv_file;
    bool json = false;
};

int run_report(const ReportOptions& options) {
    auto rules = load_case_rules("report", options);
    if (!rules) return kInvalidInput;
    const Program& program = *rules->program;
    std::string spec_path =
        options.spec_file.empty() ? (rules_directory(options.rules_dir) / "bericht.yaml").string() : options.spec_file;
    std::string error;
    SourceRef spec_file = read_source_file(spec_path, error);
    if (!spec_file) {
        std::cerr << "klappt report: " << error << " (Berichtsdefinition; --bericht DATEI wählt eine andere)\n";
        return kInvalidInput;
    }
    Diagnostics spec_diagnostics;
    auto spec = load_report_spec(program, spec_file, spec_diagnostics);
    std::cerr << render(spec_diagnostics);
    if (!spec) return kInvalidInput;

    ReportBuilder builder(program, *spec);
    CaseRunner runner(program);
    CaseFileRun run;
    run.check_date = rules->check_date;
    run.reads_csv = true;
    // The report counts definitions of the spec (not only outputs) of the case just run.
    run.evaluated = [&](const CaseResult&, Case&) { builder.add(runner.evaluator()); };
    run.invalid = [&](const std::string&, const std::vector<FieldError>&, const std::string&) { builder.add_invalid(); };
    bool every_file_read = true;
    run.unreadable = [&](const std::string&) { every_file_read = false; };
    bool all_valid = run_cases("report", runner, options.files, run);
    if (!every_file_read) {
        // A report over a file that could not be read would look complete and is not: no report, no CSV.
        std::cerr << "klappt report: nicht alle Dateien lesbar; kein Bericht\n";
        return kInvalidInput;
    }

    const Report& report = builder.report();
    if (!options.csv_file.empty()) {
        std::string problem = write_file_atomically(options.csv_file, report_csv(report));
        if (!problem.empty()) {
            std::cerr << "klappt report: " << problem << "\n";
            return kInvalidInput;
        }
    }
    std::cout << (options.json ? report_json(report) : report_text(report));
    std::cout.flush();
    if (report.invalid)
        std::cerr << "klappt report: " << report.invalid << " Fall/Fälle nicht auswertbar und nicht mitgezählt\n";
    return all_valid ? kOk : kInvalidInput;
}

}  // namespace

Command add_report_command(CLI::App& app) {
    auto options = std::make_shared<ReportOptions>();
    CLI::App* cmd = add_command(app, "report", "Zwischenbilanz über viele Fälle (Text, CSV für Excel, JSON)");
    cmd->add_option("FILE", options->files, "Dateien mit Fällen: YAML (io.md) oder CSV wie bei klappt batch")->required()->type_name("DATEI");
    cmd->add_option("--csv", options->csv_file, "zusätzlich als CSV für Excel schreiben (;, Dezimalkomma, UTF-8 mit BOM)")
        ->type_name("DATEI");
    cmd->add_flag("--json", options->json, "JSON statt Text ausgeben");
    add_rules_option(*cmd, options->rules_dir);
    cmd->add_option("--bericht", options->spec_file, "Berichtsdefinition (Vorgabe: bericht.yaml im Regelverzeichnis)")
        ->type_name("DATEI");
    add_check_date_option(*cmd, options->check_date);
    return {cmd, [options]() { return run_report(*options); }};
}

}  // namespace klappt::cli
