// `klappt diff`: what a change of the rule set does to a caseload.  Every case is
// evaluated under the old and the new rule set; a case whose outputs differ is listed
// with each changed value (old → new) and the definitions and parameters whose values
// changed for it (read off both evaluations' traces).  Totals: cases changed, and the
// sums of the report specification (bericht.yaml: per value of its `nach`, e.g. per
// Baustein) under both rule sets.  A definition or parameter that differs between the
// rule sets but changes no case is named: „Änderung ohne Wirkung auf die Fälle“.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/program.hpp"
#include "engine/report/report_spec.hpp"

namespace klappt::authoring {

struct ValueChange {
    std::string field;     // JSON path of the output, e.g. massnahmen.1.betrag
    std::string old_json;  // JSON value ("null" when missing)
    std::string new_json;
};

struct CaseChange {
    std::string id;
    std::vector<ValueChange> values;
    std::vector<std::string> causes;  // definitions (modul.name) and parameters (Parameter name) that changed
    std::string old_error, new_error;  // when a case cannot be evaluated under one of them
};

// A definition or parameter that differs between the rule sets.
struct RuleChange {
    std::string name;  // modul.name or the parameter's name
    bool parameter = false;
    std::string what;  // „geändert“, „neu“, „entfällt“
    bool has_effect = false;
    bool text_only = false;  // only its rechenweg/wenn_nicht/urteil/hinweis changed: explanations, no value
};

struct SumRow {
    std::string key, label;
    std::vector<std::int64_t> old_cents, new_cents;  // in the order of sum_labels
};

struct DiffResult {
    std::size_t cases = 0, invalid = 0;
    std::vector<CaseChange> changed;
    std::vector<RuleChange> rule_changes;
    std::vector<std::string> sum_names, sum_labels;
    std::vector<SumRow> sums;  // per group of the report, then the total (key "gesamt")
    bool has_sums = false;
};

class RuleDiff {
public:
    // `old_report`/`new_report`: the report specifications of both sets, when both have one.
    RuleDiff(std::shared_ptr<const Program> old_program, std::shared_ptr<const Program> new_program,
             const ReportSpec* old_report, const ReportSpec* new_report);
    ~RuleDiff();
    // Adds the cases of one YAML file; problems (unreadable, invalid cases) go to `diagnostics`.
    void add_file(const SourceRef& file, Diagnostics& diagnostics);
    // Adds the cases of one CSV file as klappt batch reads them (one row per case, columns named
    // by input paths), row by row; a header that fits neither rule set, or a bad row, goes to
    // `diagnostics` (`path:line: …`).  Reading a row costs a fraction of parsing a YAML case.
    void add_csv_file(const std::string& path, Diagnostics& diagnostics);
    DiffResult finish();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace klappt::authoring
