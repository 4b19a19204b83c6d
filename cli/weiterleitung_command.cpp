// `klappt weiterleitung --bescheid B.yaml FILE`: checks every forwarding of FILE (CSV
// from Excel, or YAML) against the Zuwendungsbescheid with the finance rule set
// (rules/finanzen) and prints the report: German text (default) or JSON (--json);
// --csv FILE also writes the forwarding table for Excel.  Exit code: 0 all fine,
// 1 violations found, 2 invalid input (also when only some rows had to be left out).
#include <ctime>
#include <iostream>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "engine/base/calendar.hpp"
#include "engine/render/case_output.hpp"
#include "engine/finance/finance_report.hpp"
#include "engine/result/case_runner.hpp"
#include "engine/finance/forwarding_loader.hpp"

namespace klappt::cli {

namespace {

struct WeiterleitungOptions {
    std::string bescheid, file, rules_dir, check_date, csv;
    bool json = false;
};

constexpr const char* kCommand = "klappt weiterleitung: ";

int run_weiterleitung(const WeiterleitungOptions& options) {
    bool ok = true;
    std::optional<DayNumber> given = date_option("weiterleitung", "--stichtag", options.check_date, ok);
    if (!ok) return kInvalidInput;
    DayNumber check_date;
    if (given) {
        check_date = *given;
    } else {
        // Today where the program runs (local time, not UTC: a check just after midnight is on the new day).
        std::time_t now = std::time(nullptr);
        std::tm local{};
        localtime_r(&now, &local);
        check_date = calendar::day_number(date::sys_days{date::year{local.tm_year + 1900} /
                                                         static_cast<unsigned>(local.tm_mon + 1) /
                                                         static_cast<unsigned>(local.tm_mday)});
    }
    auto loaded = load_rules("weiterleitung", rules_directory(options.rules_dir, "finanzen"));
    if (!loaded) return kInvalidInput;
    const Program& program = *loaded;

    SourceRef bescheid = read_input_file("weiterleitung", options.bescheid);
    if (!bescheid) return kInvalidInput;
    SourceRef forwardings = read_input_file("weiterleitung", options.file);
    if (!forwardings) return kInvalidInput;
    FinanceRun run = load_finance_run(program, bescheid, forwardings, check_date);
    std::cerr << render(run.diagnostics);
    if (!run.kase) {
        std::cerr << kCommand << "nichts geprüft: die Eingaben enthalten Fehler (siehe oben)\n";
        return kInvalidInput;
    }
    if (run.rows_left_out > 0)
        std::cerr << kCommand << run.rows_left_out << " von " << run.rows
                  << " Weiterleitungen wegen Eingabefehlern nicht geprüft; alle anderen sind geprüft\n";

    // Evaluated whole first (the case runner), then written piece by piece: the report (and
    // the --csv table) of 300 000 forwardings is never held in memory, and an evaluation error
    // still comes before the first line.
    CaseRunner runner(program);
    const CaseResult& result = runner.run(*run.kase);
    if (!result.evaluated()) {
        std::cerr << kCommand << "nicht auswertbar: " << result.error << "\n";
        return kInvalidInput;
    }
    std::string json = options.json ? finance_report_json(result, run) + "\n" : "";
    bool in_order = finance_verdict(result).in_order;
    if (!options.csv.empty()) {
        std::string problem;
        std::optional<OutputFile> table = OutputFile::open(options.csv, problem);
        if (table) {
            write_finance_report_csv(result, &run,
                                     [&table](std::string_view text) { table->write(text); });
            problem = table->commit();
        }
        if (!problem.empty()) {
            std::cerr << kCommand << problem << "\n";
            return kInvalidInput;
        }
    }
    if (options.json)
        std::cout << json;
    else
        write_finance_report_text(result, run, [](std::string_view text) { std::cout << text; });
    std::cout.flush();
    if (!run.input_valid) return kInvalidInput;
    return in_order ? kOk : kFindings;
}

}  // namespace

Command add_weiterleitung_command(CLI::App& app) {
    auto options = std::make_shared<WeiterleitungOptions>();
    CLI::App* cmd = add_command(app, "weiterleitung",
                                "Weiterleitungen an Bildungsträger prüfen (W1–W8): Verstöße, Summen je Baustein, Fristen, "
                                "Teilhabemanagement");
    cmd->add_option("--bescheid", options->bescheid, "der Zuwendungsbescheid (YAML)")->required()->type_name("DATEI");
    cmd->add_option("FILE", options->file, "die Weiterleitungen: CSV aus Excel (;, 1.234,56, TT.MM.JJJJ) oder YAML")
        ->required()
        ->type_name("DATEI");
    cmd->add_option("--stichtag", options->check_date, "Prüfdatum (Vorgabe: heute; JJJJ-MM-TT oder TT.MM.JJJJ)")
        ->type_name("DATUM");
    cmd->add_option("--csv", options->csv, "die Tabelle der Weiterleitungen zusätzlich als CSV für Excel schreiben")
        ->type_name("DATEI");
    cmd->add_flag("--json", options->json, "JSON statt Text");
    cmd->add_option("--rules", options->rules_dir, "Finanzregelwerk (Vorgabe: das mitgelieferte rules/finanzen)")
        ->type_name("VERZEICHNIS");
    return {cmd, [options]() { return run_weiterleitung(*options); }};
}

}  // namespace klappt::cli
