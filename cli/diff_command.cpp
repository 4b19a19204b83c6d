// `klappt diff --alt DIR --neu DIR CASES... [--json] [--csv FILE]`: what a change of the
// rule set does to a caseload (authoring/rule_diff.hpp).  Text for people by default;
// --json: one object per changed case, the totals object as the last line; --csv: one
// row per changed value, German CSV for Excel.  Exit code: 0 no case changed, 1 cases
// changed, 2 a rule set, case file or option is invalid.
#include <iostream>
#include <nlohmann/json.hpp>

#include "authoring/rule_diff.hpp"
#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "engine/render/csv_writer.hpp"
#include "engine/base/money.hpp"
#include "engine/input/rule_set_loader.hpp"

namespace klappt::cli {

namespace {

struct DiffOptions {
    std::string old_dir, new_dir, csv;
    std::vector<std::string> cases;
    bool json = false;
};

// A JSON value as people read it: strings without quotes, null as —.
std::string shown(const std::string& json) {
    if (json == "null") return "—";
    if (json.size() >= 2 && json.front() == '"') return nlohmann::json::parse(json).get<std::string>();
    if (json.size() >= 2 && json.front() == '{') {
        // A reason (Grund, matched by its rule): „✓ text“ or „✗ text“, as the explanation shows it.
        auto j = nlohmann::json::parse(json);
        if (j.contains("erfuellt") && j["erfuellt"].is_boolean() && j.contains("text") && j["text"].is_string())
            return std::string(j["erfuellt"].get<bool>() ? "✓ " : "✗ ") + j["text"].get<std::string>();
    }
    return json;
}

// One cell of the --csv file: the one CSV cell of klappt (quoted when needed, never a formula in Excel).
std::string csv_field(const std::string& s) { return csv_cell(s, ';'); }

std::optional<ReportSpec> report_of(const Program& program, const std::filesystem::path& dir) {
    std::filesystem::path path = dir / "bericht.yaml";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::nullopt;
    std::string error;
    SourceRef file = read_source_file(path.string(), error);
    if (!file) return std::nullopt;
    Diagnostics diagnostics;
    auto spec = load_report_spec(program, file, diagnostics);
    if (!spec) std::cerr << render(diagnostics);
    return spec;
}

int run_diff(const DiffOptions& options) {
    auto old_program = load_rules("diff", options.old_dir);
    auto new_program = load_rules("diff", options.new_dir);
    if (!old_program || !new_program) return kInvalidInput;
    auto old_spec = report_of(*old_program, options.old_dir);
    auto new_spec = report_of(*new_program, options.new_dir);
    authoring::RuleDiff diff(old_program, new_program, old_spec ? &*old_spec : nullptr,
                             new_spec ? &*new_spec : nullptr);
    bool inputs_ok = true;
    for (const auto& path : options.cases) {
        if (std::filesystem::path(path).extension() == ".csv" || std::filesystem::path(path).extension() == ".CSV") {
            Diagnostics diagnostics;
            diff.add_csv_file(path, diagnostics);
            std::cerr << render(diagnostics);
            if (diagnostics.has_errors()) inputs_ok = false;
            continue;
        }
        SourceRef file = read_input_file("diff", path);
        if (!file) {
            inputs_ok = false;
            continue;
        }
        Diagnostics diagnostics;
        diff.add_file(file, diagnostics);
        std::cerr << render(diagnostics);
        if (diagnostics.has_errors()) inputs_ok = false;
    }
    authoring::DiffResult r = diff.finish();

    std::vector<std::string> without_effect;
    for (const auto& c : r.rule_changes)
        if (!c.has_effect && !c.text_only) without_effect.push_back((c.parameter ? "Parameter " : "") + c.name + " (" + c.what + ")");

    if (options.json) {
        for (const auto& c : r.changed) {
            nlohmann::ordered_json j;
            j["fall"] = c.id;
            auto& changes = j["aenderungen"] = nlohmann::ordered_json::array();
            for (const auto& v : c.values)
                changes.push_back({{"feld", v.field}, {"alt", nlohmann::json::parse(v.old_json)},
                                   {"neu", nlohmann::json::parse(v.new_json)}});
            j["ursachen"] = c.causes;
            if (!c.old_error.empty()) j["fehler_alt"] = c.old_error;
            if (!c.new_error.empty()) j["fehler_neu"] = c.new_error;
            std::cout << j.dump() << "\n";
        }
        nlohmann::ordered_json totals;
        totals["faelle"] = r.cases;
        totals["faelle_geaendert"] = r.changed.size();
        totals["faelle_ungueltig"] = r.invalid;
        auto& changes = totals["regelaenderungen"] = nlohmann::ordered_json::array();
        for (const auto& c : r.rule_changes)
            changes.push_back({{"name", c.name}, {"art", c.parameter ? "parameter" : c.text_only ? "text" : "definition"}, {"aenderung", c.what},
                               {"wirkung", c.has_effect}});
        totals["ohne_wirkung"] = without_effect;
        if (r.has_sums) {
            auto& sums = totals["summen"] = nlohmann::ordered_json::array();
            for (const auto& row : r.sums) {
                nlohmann::ordered_json s{{"gruppe", row.key}, {"bezeichnung", row.label}};
                for (std::size_t i = 0; i < r.sum_names.size(); ++i)
                    s[r.sum_names[i]] = {{"alt", money::plain(row.old_cents[i])}, {"neu", money::plain(row.new_cents[i])},
                                         {"differenz", money::plain(row.new_cents[i] - row.old_cents[i])}};
                sums.push_back(s);
            }
        }
        std::cout << totals.dump() << "\n";
    } else {
        for (const auto& c : r.changed) {
            std::cout << "Fall " << c.id << "\n";
            for (const auto& v : c.values) {
                std::string a = shown(v.old_json), b = shown(v.new_json);
                if (a == b) a = v.old_json, b = v.new_json;  // a reason whose source or kind changed
                std::cout << "  " << v.field << ": " << a << " → " << b << "\n";
            }
            if (!c.old_error.empty() || !c.new_error.empty())
                std::cout << "  auswertbar: " << (c.old_error.empty() ? "ja" : "nein (" + c.old_error + ")") << " → "
                          << (c.new_error.empty() ? "ja" : "nein (" + c.new_error + ")") << "\n";
            if (!c.causes.empty()) {
                std::cout << "  geänderte Werte: ";
                for (std::size_t i = 0; i < c.causes.size(); ++i) std::cout << (i ? ", " : "") << c.causes[i];
                std::cout << "\n";
            }
        }
        std::cout << (r.changed.empty() ? "" : "\n") << r.changed.size() << " von " << r.cases << " Fällen geändert";
        if (r.invalid) std::cout << " (" << r.invalid << " ungültig)";
        std::cout << "\n";
        if (r.has_sums) {
            std::cout << "Summen der förderfähigen Maßnahmen (alt → neu):\n";
            for (const auto& row : r.sums) {
                std::cout << "  " << (row.label.empty() ? row.key : row.label) << ":";
                for (std::size_t i = 0; i < r.sum_labels.size(); ++i) {
                    std::int64_t delta = row.new_cents[i] - row.old_cents[i];
                    std::cout << (i ? ";" : "") << " " << r.sum_labels[i] << " " << money::german(row.old_cents[i]) << " → "
                              << money::german(row.new_cents[i]);
                    if (delta) std::cout << " (" << (delta > 0 ? "+" : "") << money::german(delta) << ")";
                }
                std::cout << "\n";
            }
        }
        if (!r.rule_changes.empty()) {
            std::cout << "Geändert im Regelwerk: ";
            for (std::size_t i = 0; i < r.rule_changes.size(); ++i)
                std::cout << (i ? ", " : "") << (r.rule_changes[i].parameter ? "Parameter " : "") << r.rule_changes[i].name
                          << " (" << r.rule_changes[i].what << ")";
            std::cout << "\n";
        }
    }
    for (const auto& w : without_effect)
        std::cerr << "klappt diff: Warnung: Änderung ohne Wirkung auf die Fälle: " << w << "\n";

    if (!options.csv.empty()) {
        std::string csv = "\xEF\xBB\xBF" "fall;feld;alt;neu;geaenderte_werte\r\n";
        for (const auto& c : r.changed) {
            std::string causes;
            for (const auto& x : c.causes) causes += (causes.empty() ? "" : ", ") + x;
            for (const auto& v : c.values)
                csv += csv_field(c.id) + ";" + csv_field(v.field) + ";" + csv_field(shown(v.old_json)) + ";" +
                       csv_field(shown(v.new_json)) + ";" + csv_field(causes) + "\r\n";
        }
        std::string error = write_file_atomically(options.csv, csv);
        if (!error.empty()) {
            std::cerr << "klappt diff: " << error << "\n";
            return kInvalidInput;
        }
    }
    if (!inputs_ok) return kInvalidInput;
    return r.changed.empty() ? kOk : kFindings;
}

}  // namespace

Command add_diff_command(CLI::App& app) {
    auto options = std::make_shared<DiffOptions>();
    CLI::App* cmd = add_command(app, "diff", "Wirkung einer Regeländerung auf Fälle: alt und neu auswerten und vergleichen");
    cmd->add_option("--alt", options->old_dir, "Regelverzeichnis vor der Änderung")->required()->type_name("VERZEICHNIS");
    cmd->add_option("--neu", options->new_dir, "Regelverzeichnis nach der Änderung")->required()->type_name("VERZEICHNIS");
    cmd->add_option("FAELLE", options->cases, "Falldateien (YAML, oder CSV wie bei klappt batch)")->required()->type_name("DATEI");
    cmd->add_flag("--json", options->json, "ein JSON-Objekt je geändertem Fall, zuletzt die Summen");
    cmd->add_option("--csv", options->csv, "geänderte Werte als CSV (Excel) in diese Datei")->type_name("DATEI");
    return {cmd, [options]() { return run_diff(*options); }};
}

}  // namespace klappt::cli
