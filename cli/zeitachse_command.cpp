// `klappt zeitachse FILE...`: for every case, the windows of entry days on
// which each declared series holds (person in the target group, each Baustein
// fundable), with the reason for every boundary, and the deadlines after the
// check date.  Text, --json (one object per case), --svg FILE (a Gantt chart).
#include <iostream>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "engine/case_result.hpp"
#include "engine/timeline.hpp"

namespace klappt::cli {

namespace {

struct ZeitachseOptions {
    std::vector<std::string> files;
    std::string rules_dir, from, to, check_date, svg;
    bool json = false;
};

int run_zeitachse(const ZeitachseOptions& options) {
    bool ok = true;
    auto from_option = date_option("zeitachse", "--von", options.from, ok);
    auto to_option = date_option("zeitachse", "--bis", options.to, ok);
    auto check_option = date_option("zeitachse", "--stichtag", options.check_date, ok);
    if (!ok) return kInvalidInput;
    auto loaded = load_rules("zeitachse", rules_directory(options.rules_dir));
    if (!loaded) return kInvalidInput;
    const Program& program = *loaded;
    if (check_option && !accepts_check_date("zeitachse", program)) return kInvalidInput;
    if (program.manifest.timelines.empty()) {
        std::cerr << "klappt zeitachse: das Regelwerk erklärt keine Zeitachse (regelwerk.yaml: zeitachse)\n";
        return kInvalidInput;
    }
    DayNumber from = from_option.value_or(program.manifest.timeline_from.value_or(0));
    DayNumber to = to_option.value_or(program.manifest.timeline_to.value_or(from + 365));
    if (to < from) {
        std::cerr << "klappt zeitachse: --bis liegt vor --von\n";
        return kInvalidInput;
    }
    if (to - from > 366 * 30) {
        std::cerr << "klappt zeitachse: der Zeitraum ist zu lang (höchstens 30 Jahre)\n";
        return kInvalidInput;
    }
    Evaluator evaluator(program);
    std::string svg;
    CaseVisitor visitor;
    visitor.evaluate = [&](Case& kase) {
        Timeline t = compute_timeline(evaluator, kase, from, to);
        std::cout << (options.json ? timeline_json(t) + "\n" : timeline_text(t) + "\n");
        if (!options.svg.empty() && svg.empty()) svg = timeline_svg(t);
    };
    visitor.invalid = [&](const std::string& id, const std::vector<FieldError>& errors, const std::string&) {
        if (options.json) std::cout << case_error_json(program, id, errors) << "\n";
    };
    bool all_valid = for_each_case("zeitachse", program, options.files, check_option, visitor);
    if (!options.svg.empty()) {
        if (svg.empty()) {
            std::cerr << "klappt zeitachse: kein auswertbarer Fall – " << options.svg << " nicht geschrieben\n";
            return kInvalidInput;
        }
        if (std::string e = write_file_atomically(options.svg, svg); !e.empty()) {
            std::cerr << "klappt zeitachse: " << e << "\n";
            return kInvalidInput;
        }
    }
    return all_valid ? kOk : kInvalidInput;
}

}  // namespace

Command add_zeitachse_command(CLI::App& app) {
    auto options = std::make_shared<ZeitachseOptions>();
    CLI::App* cmd = add_command(app, "zeitachse",
                                "Zeitfenster: an welchen Tagen ein Eintritt förderfähig wäre, mit Gründen und Fristen");
    cmd->add_option("FILE", options->files, "YAML-Dateien mit Fällen")->required()->type_name("DATEI");
    cmd->add_option("--von", options->from, "Beginn des betrachteten Zeitraums (Vorgabe aus regelwerk.yaml)")->type_name("DATUM");
    cmd->add_option("--bis", options->to, "Ende des betrachteten Zeitraums")->type_name("DATUM");
    cmd->add_option("--stichtag", options->check_date, "Stichtag aller Fälle ersetzen")->type_name("DATUM");
    cmd->add_flag("--json", options->json, "JSON statt Text (ein Objekt je Fall)");
    cmd->add_option("--svg", options->svg, "Gantt-Diagramm des ersten Falls als SVG-Datei schreiben")->type_name("DATEI");
    cmd->add_option("--rules", options->rules_dir, "Regelverzeichnis (Vorgabe: das mitgelieferte rules/)")
        ->type_name("VERZEICHNIS");
    return {cmd, [options]() { return run_zeitachse(*options); }};
}

}  // namespace klappt::cli
