// `klappt zeitachse FILE...`: for every case, the windows of entry days on
// which each declared series holds (person in the target group, each Baustein
// fundable), with the reason for every boundary, and the deadlines after the
// check date.  Text, --json (one object per case), --svg (a chart per case: a file for
// one case, a folder with FALL.svg per case for several).
#include <filesystem>
#include <iostream>
#include <set>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "engine/render/case_output.hpp"
#include "engine/timeline/timeline.hpp"

namespace klappt::cli {

namespace {

struct ZeitachseOptions {
    std::vector<std::string> files;
    std::string rules_dir, from, to, check_date, svg;
    bool json = false;
};

// A file name for a case id: letters, digits, `.`, `-`, `_` kept, everything else `_`.
std::string svg_file_name(const std::string& case_id, std::set<std::string>& used) {
    std::string base;
    for (char c : case_id) {
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        base += keep ? c : '_';
    }
    if (base.empty() || base[0] == '.') base = "fall" + base;
    std::string name = base + ".svg";
    for (int n = 2; !used.insert(name).second; ++n) name = base + "-" + std::to_string(n) + ".svg";
    return name;
}

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
    CaseRunner runner(program);
    std::vector<std::pair<std::string, std::string>> charts;  // case id, SVG
    CaseFileRun run;
    run.check_date = check_option;
    // A timeline probes the case over the period; the result on the check date only says it can be evaluated.
    run.evaluated = [&](const CaseResult&, Case& kase) {
        Timeline t = compute_timeline(runner.evaluator(), kase, from, to);
        std::cout << (options.json ? timeline_json(t) + "\n" : timeline_text(t) + "\n");
        if (!options.svg.empty()) charts.push_back({t.case_id, timeline_svg(t)});
    };
    run.invalid = [&](const std::string& id, const std::vector<FieldError>& errors, const std::string&) {
        if (options.json) std::cout << case_error_json(program, id, errors) << "\n";
    };
    bool all_valid = run_cases("zeitachse", runner, options.files, run);
    if (!options.svg.empty()) {
        if (charts.empty()) {
            std::cerr << "klappt zeitachse: kein auswertbarer Fall – " << options.svg << " nicht geschrieben\n";
            return kInvalidInput;
        }
        // One case: the file itself, unless it names a folder.  Several: a folder (made if
        // missing) with one FALL.svg per case.
        std::error_code ec;
        bool folder = std::filesystem::is_directory(options.svg, ec) || options.svg.back() == '/' || charts.size() > 1;
        if (folder && !std::filesystem::is_directory(options.svg, ec)) {
            std::filesystem::create_directories(options.svg, ec);
            if (ec) {
                std::cerr << "klappt zeitachse: Ordner " << options.svg << " kann nicht angelegt werden (" << ec.message()
                          << "); bei mehreren Fällen ist --svg ein Ordner\n";
                return kInvalidInput;
            }
        }
        std::set<std::string> used;
        for (const auto& [id, svg] : charts) {
            std::string path = folder ? (std::filesystem::path(options.svg) / svg_file_name(id, used)).string() : options.svg;
            if (std::string e = write_file_atomically(path, svg); !e.empty()) {
                std::cerr << "klappt zeitachse: " << e << "\n";
                return kInvalidInput;
            }
            if (folder) std::cerr << "klappt zeitachse: Fall " << id << " → " << path << "\n";
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
    cmd->add_option("--svg", options->svg,
                    "Zeitachse als SVG zum Drucken (A4 quer): bei einem Fall diese Datei, bei mehreren Fällen ein Ordner "
                    "mit einer Datei FALL.svg je Fall")
        ->type_name("DATEI|ORDNER");
    add_rules_option(*cmd, options->rules_dir);
    return {cmd, [options]() { return run_zeitachse(*options); }};
}

}  // namespace klappt::cli
