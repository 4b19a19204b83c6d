// `klappt check FILE...`: evaluates every case of the given YAML files and
// prints a German summary (default), the explanation tree (--explain) or the
// JSON Lines of io.md (--json); with --wege also what would make a result better
// (engine/wege/).  Invalid cases are reported and skipped; the
// others are still evaluated; the exit code tells whether all were valid.
#include <iostream>
#include <optional>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/protokoll_support.hpp"
#include "engine/base/calendar.hpp"
#include "engine/render/case_output.hpp"
#include "engine/wege/wege.hpp"

namespace klappt::cli {

namespace {

struct CheckOptions : CaseFileOptions {
    bool json = false;
    std::string explain;  // "" none, CLI11's flag value (--explain: in sentences), "technisch" (--explain=technisch)
    std::string protokoll;  // --protokoll DB: every evaluated case becomes a record
    std::string user;
    std::optional<std::int64_t> corrects;
    bool ids = false;
    bool with_explanation = false;
    bool wege = false;  // --wege: the smallest changes of levers that would make a result better
};

int run_check(const CheckOptions& options) {
    // `--explain` alone gives CLI11's flag value; `--explain=technisch` the word.
    if (!options.explain.empty() && options.explain != "technisch" && options.explain != "true" && options.explain != "1") {
        std::cerr << "klappt check: --explain=" << options.explain << ": unbekannte Art; erlaubt: --explain (in Sätzen) "
                     "oder --explain=technisch (mit Regelnamen)\n";
        return kInvalidInput;
    }
    if (options.json && !options.explain.empty()) {
        // The JSON of io.md has no place for the explanation tree; say so instead of dropping it.
        std::cerr << "klappt check: --explain geht nicht zusammen mit --json (die Erklärung gibt es nur als Text); "
                     "eine der beiden Angaben weglassen\n";
        return kInvalidInput;
    }
    auto rules = load_case_rules("check", options);
    if (!rules) return kInvalidInput;
    const Program& program = *rules->program;
    std::optional<DayNumber> override_date = rules->check_date;
    std::optional<protokoll::Store> store;
    if (!options.protokoll.empty()) {
        try {
            store = protokoll::Store::open(options.protokoll, protokoll::Store::Mode::create);
        } catch (const protokoll::Error& e) {
            return report("check", e);
        }
    }
    int store_failure = 0;
    std::string_view document;
    CaseRunner runner(program);
    std::string separator;  // a blank line between cases in the text form
    CaseFileRun run;
    run.check_date = override_date;
    run.detail.explanation = !options.json || options.with_explanation;  // the summary reads it
    run.detail.people_tree = !options.explain.empty() && options.explain != "technisch";
    run.detail.technical_tree = options.explain == "technisch" || store.has_value();  // the record keeps it
    run.document = [&](std::string_view text) { document = text; };
    run.evaluated = [&](const CaseResult& checked, Case& kase) {
        if (store_failure) return;
        std::string result;  // complete before anything is printed
        if (options.json) {
            result = case_json(checked, options.with_explanation ? JsonFields::explained : JsonFields::io) + "\n";
        } else {
            TextOptions text_options;
            text_options.ids = options.ids;
            result = separator + case_text(checked, text_options);
            if (options.explain == "technisch") result += "\nErklärung:\n" + checked.technical_tree;
            else if (!options.explain.empty()) result += "\nErklärung:\n" + checked.people_tree;
        }
        if (store) {
            // Recorded before it is shown: what is shown is on record (a correction names its predecessor).
            try {
                auto check = protokoll::record_of(checked, std::string(document), user_name(options.user),
                                                  override_date.has_value());
                check.corrects = options.corrects;
                std::int64_t nr = store->append_check(program, check);
                std::cerr << "Prüfprotokoll: Fall " << kase.id << " als Eintrag " << nr << " gespeichert\n";
            } catch (const protokoll::Error& e) {
                store_failure = report("check", e);
                return;
            }
        }
        if (options.wege) {
            // After the record: the Prüfprotokoll keeps the check, not the suggestions.
            Wege ways = wege(runner.evaluator(), kase, pending_record_checks(program.rules, kase));
            if (options.json) {
                std::size_t end = result.rfind('}');
                result = result.substr(0, end) + ", " + wege_json_members(ways) + "}\n";
            } else {
                result += "\n" + wege_text(ways);
            }
        }
        std::cout << result;
        separator = "\n";
    };
    run.invalid = [&](const std::string& id, const std::vector<FieldError>& errors, const std::string& message) {
        if (options.json) std::cout << case_error_json(program, id, errors) << "\n";
        else if (message.empty()) std::cout << separator << "Fall " << id << ": nicht auswertbar (Fehler siehe oben)\n";
        else std::cout << separator << "Fall " << id << ": nicht auswertbar: " << message << "\n";
        separator = "\n";
    };
    bool all_valid = run_cases("check", runner, options.files, run);
    std::cout.flush();
    if (store_failure) return store_failure;
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
    // A flag with an optional value: `--explain FALL.yaml` must not take the file as its value.
    cmd->add_flag("--explain", options->explain,
                  "den ganzen Erklärungsbaum in Sätzen ausgeben; --explain=technisch: mit Regelnamen für Regelautor/innen")
        ->option_text("[=technisch]");
    cmd->add_flag("--erklaerung", options->with_explanation,
                  "mit --json: Urteil, Rechenweg und entscheidende Gründe als zusätzliche Felder");
    cmd->add_flag("--wege", options->wege,
                  "was das Ergebnis verbessern würde: die kleinsten Änderungen beeinflussbarer Angaben (hebel), "
                  "jede durch eine Auswertung geprüft; mit --json als Feld „wege“");
    cmd->add_flag("--ids", options->ids, "bei jedem Grund den Namen der Regel zeigen (für Regelautor/innen)");
    add_rules_option(*cmd, options->rules_dir);
    add_check_date_option(*cmd, options->check_date);
    cmd->add_option("--protokoll", options->protokoll,
                    "jede Prüfung im Prüfprotokoll speichern (SQLite-Datei; wird angelegt, falls nicht vorhanden)")
        ->type_name("DB");
    cmd->add_option("--bearbeiter", options->user, "wer prüft, für das Prüfprotokoll (Vorgabe: der Anmeldename)")
        ->type_name("NAME");
    cmd->add_option("--korrigiert", options->corrects, "diese Prüfung korrigiert die Prüfung NR im Prüfprotokoll")
        ->type_name("NR");
    return {cmd, [options]() { return run_check(*options); }};
}

}  // namespace klappt::cli
