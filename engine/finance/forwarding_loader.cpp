#include "engine/finance/forwarding_loader.hpp"

#include "engine/finance/record_rows_support.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/input/text_encoding.hpp"
#include "engine/runtime/evaluator.hpp"

namespace klappt {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string lower_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}


}  // namespace

FinanceRun load_finance_run(const Program& program, const SourceRef& bescheid, const SourceRef& given_forwardings,
                            DayNumber check_date, std::size_t max_rows) {
    FinanceRun run;
    // Texts must be UTF-8 (reports and JSON are).  A CSV that is not (no BOM, mostly other
    // bytes than UTF-8 „ä“) is read as Windows-1252, the encoding of German Excel's plain
    // „CSV (Trennzeichen-getrennt)“; a YAML file is refused.
    SourceRef forwardings = given_forwardings;
    std::string lower = lower_ascii(given_forwardings->name());
    bool yaml = ends_with(lower, ".yaml") || ends_with(lower, ".yml");
    bool readable = true;
    for (const SourceRef& file : {bescheid, given_forwardings}) {
        auto bad = first_invalid_utf8(file->text());
        if (!bad) continue;
        // The encoding is decided once per file: a BOM (or more UTF-8 „ä“ than other bytes)
        // says UTF-8, and then a row with other bytes is an error of that row (read_rows_csv).
        bool utf8 = file->text().substr(0, kUtf8Bom.size()) == kUtf8Bom || mostly_utf8(file->text());
        if (file == given_forwardings && !yaml && utf8) continue;
        if (file == given_forwardings && !yaml) {
            forwardings = std::make_shared<SourceFile>(file->name(), from_windows_1252(file->text()));
            run.diagnostics.warning(forwardings, Span{0, 1},
                                    "die Datei ist nicht in UTF-8 gespeichert; sie wird als Windows-1252 gelesen "
                                    "(Excel: „CSV (Trennzeichen-getrennt)“); besser als „CSV UTF-8“ speichern");
            continue;
        }
        auto at = static_cast<std::uint32_t>(*bad);
        run.diagnostics.error(file, Span{at, at + 1}, "kein gültiges UTF-8 an dieser Stelle; die Datei muss UTF-8 sein");
        readable = false;
    }
    if (!readable) {
        run.input_valid = false;
        return run;
    }
    const RuleSet& rules = program.rules;
    const std::optional<ForwardingDeclaration>& declared = program.manifest.forwarding;
    if (!declared || !rules.check_date_input) {
        run.diagnostics.general_error(
            "das Regelwerk ist kein Finanzregelwerk: seine regelwerk.yaml braucht „stichtag:“ und „weiterleitung: "
            "{bescheid: …, liste: …, tabelle: …, urteil: …, ergebnis: …}“ (die Eingaben für den Bescheid und die "
            "Weiterleitungen, die Tabelle für --csv, das Urteil als ja/nein und als Satz)");
        run.input_valid = false;
        return run;
    }
    const std::uint32_t bescheid_input = declared->bescheid_input;
    const std::uint32_t list_input = declared->list_input;
    auto kase = std::make_unique<Case>();
    kase->id = bescheid->name();
    kase->inputs.assign(rules.inputs.size(), Value());
    for (std::uint32_t i = 0; i < rules.inputs.size(); ++i) {
        if (i == bescheid_input || i == list_input || i == *rules.check_date_input) continue;
        const FieldType& field = rules.inputs[i].field;
        if (!field.default_value && !rules.types.is_optional(field.type)) {
            run.diagnostics.general_error("die Eingabe „" + field.name + "“ des Regelwerks kann klappt weiterleitung nicht füllen");
            run.input_valid = false;
            return run;
        }
        kase->inputs[i] = default_of(field, kase->arena);
    }
    kase->inputs[*rules.check_date_input] = Value::date(check_date);
    Evaluator checks(program);

    // The Bescheid.
    const FieldType& bescheid_field = rules.inputs[bescheid_input].field;
    YamlValue b = read_yaml_value(program, bescheid, bescheid_field.type, bescheid_field.name, kase->arena);
    // Every mistake of the Bescheid in one run: the checks of the parts that were read run
    // even when another part could not be read (run_record_checks skips those that read it).
    bool bescheid_ok = b.value.has_value() && b.errors.empty();
    std::vector<FieldError> bescheid_errors = b.errors;
    if (b.value) {
        kase->inputs[bescheid_input] = *b.value;
        std::vector<FieldError> failed;
        run_record_checks(checks, *kase, b.checks, failed, nullptr, &b.errors);
        bescheid_ok = bescheid_ok && failed.empty();
        bescheid_errors.insert(bescheid_errors.end(), failed.begin(), failed.end());
        if (!bescheid_ok) kase->inputs[bescheid_input] = Value();  // as before: the rows' checks never see a broken Bescheid
    }
    std::stable_sort(bescheid_errors.begin(), bescheid_errors.end(),
                     [](const FieldError& x, const FieldError& y) { return x.span.begin < y.span.begin; });
    for (const auto& e : bescheid_errors)
        run.diagnostics.error(bescheid, e.span, "Bescheid: " + (e.field.empty() ? "" : e.field + ": ") + e.message);

    // The forwardings.
    RecordRows rows = yaml ? read_rows_yaml(program, list_input, forwardings, *kase, checks)
                           : read_rows_csv(program, list_input, forwardings, *kase, checks, max_rows);
    run.diagnostics.append(rows.diagnostics);
    run.rows = rows.rows;
    run.rows_left_out = rows.rows_left_out;
    run.left_out = std::move(rows.left_out);
    run.input_valid = bescheid_ok && rows.usable && rows.rows_left_out == 0;
    if (!bescheid_ok || !rows.usable) return run;
    kase->inputs[list_input] = rows.list;
    run.kase = std::move(kase);
    return run;
}


}  // namespace klappt
