// Reading cases from YAML (one document per case, `---` between documents),
// checked against the rule set's input declarations: a missing field, a wrong
// type, an unknown enum value, an impossible date or an unknown key is an
// error naming the case, the field path and what is allowed.  A broken
// document does not stop the others.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/case_data.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

class Evaluator;

CaseFile load_cases_yaml(const Program& program, const SourceRef& file);

// The same one document at a time, in order, keeping nothing: `each` receives every
// case document with its diagnostics, so memory does not grow with the number of
// cases (klappt batch).  A file without any document is reported in
// `file_diagnostics` and yields false.
bool for_each_case_yaml(const Program& program, const SourceRef& file, Diagnostics& file_diagnostics,
                        const std::function<void(CaseDocument&, const Diagnostics&)>& each);
// Each document parsed once and read under every program of `programs` (klappt diff: the
// old and the new rule set): `each` receives one CaseDocument and its diagnostics per program.
bool for_each_case_yaml(const std::vector<const Program*>& programs, const SourceRef& file,
                        Diagnostics& file_diagnostics,
                        const std::function<void(std::vector<CaseDocument>&, std::vector<Diagnostics>&)>& each);

// A record whose type has `check` conditions, to be tested once the case is complete.
struct PendingCheck {
    Value record;
    std::uint32_t type;  // index into rules.records
    std::string path;    // the record's field path, e.g. massnahmen.1
    Span span;
    std::vector<Span> field_spans;  // where each field was written (empty span: not known)
};

// Every input record of an already read case whose type has `check` conditions (spans
// unknown), e.g. to test a case again after a value was changed (klappt check --wege).
std::vector<PendingCheck> pending_record_checks(const RuleSet& rules, const Case& kase);

// Tests the `check` conditions of every input record of a complete case; a condition
// that does not hold (or cannot be evaluated) becomes an error of its record, named by
// the one field it reads (massnahmen.1.unterrichtsstunden), or by the one input it reads
// when it reads no field (stichtag), else by the record (massnahmen.1) and placed at the
// first field it reads.
// Shared by every case loader (YAML, CSV).
// `owner`, when given, receives for each error the index of its entry in `pending`.
// `read_errors`, when given, are the errors found while reading the value: a check that
// reads a field with such an error (or a part of it) is not run — it would only repeat
// that error — while every other check still is, so one run reports every mistake.
void run_record_checks(Evaluator& evaluator, const Case& kase, const std::vector<PendingCheck>& pending,
                       std::vector<FieldError>& errors, std::vector<std::size_t>* owner = nullptr,
                       const std::vector<FieldError>* read_errors = nullptr);

// A file holding one YAML document read as one value of `type` (a record, a list of
// records …) with the same checks and messages as a case input; field paths start
// with `path` (e.g. "bescheid.bewilligungszeitraum.bis").  Texts, records and lists
// are allocated in `arena`.  `value` is missing when the document could not be parsed;
// with errors it is incomplete and must not be evaluated.  Record `check` conditions
// are not tested here: run_record_checks does that once the case is complete.
struct YamlValue {
    std::optional<Value> value;
    std::vector<FieldError> errors;
    std::vector<PendingCheck> checks;
};
YamlValue read_yaml_value(const Program& program, const SourceRef& file, TypeId type, const std::string& path,
                          Arena& arena);

// The message prefix used for every error of a case: "Fall RKN-1: ".
std::string case_prefix(const std::string& id);

}  // namespace klappt
