// Partial cases: a case in which some facts are not known yet.
//
// Any scalar input may be written as `unbekannt`; a required input that is absent
// from the file is unknown too, while an optional one with a default keeps its
// default (unless it is written `unbekannt`).  A record that is absent as a whole
// has its required fields unknown and its defaults set.  Lists and records
// themselves cannot be unknown (their length or shape would be an unbounded
// question) — their fields can.  Record `check` conditions are not tested when
// the case is read: they decide per completion whether it is a valid case
// (see interview.hpp).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/input/case_loader.hpp"

namespace klappt {

struct UnknownInput {
    std::string path;   // person.anspruch_sgb2, massnahmen.1.eintritt
    TypeId type = 0;    // as declared (may be optional)
    std::string label;  // the field's label, e.g. „Anspruch auf Leistungen nach SGB II“
    Value* slot = nullptr;  // the value inside the case, set per completion
    bool absent = false;    // missing from the file (rather than written `unbekannt`)
};

struct PartialCase {
    std::unique_ptr<Case> kase;
    std::vector<UnknownInput> unknowns;
    std::vector<PendingCheck> checks;  // every record check of the case
};

struct PartialCaseDocument {
    SourceRef file;
    Span span;
    std::string id;
    std::optional<PartialCase> data;
    std::vector<FieldError> errors;
};

// The word that marks an unknown fact in a case file.
inline constexpr const char* kUnknownWord = "unbekannt";

// Reads every document of a YAML case file as a partial case; `diagnostics` receives
// each invalid document's errors as file:line:col.
std::vector<PartialCaseDocument> load_partial_cases_yaml(const Program& program, const SourceRef& file,
                                                         Diagnostics& diagnostics);

// A partial case from a complete one (e.g. a form of the web desk): the fields at `unknown_paths`
// (person.anspruch_sgb2, massnahmen.1.eintritt; `*` for every list position) are unknown; their
// present values are only placeholders.  `checks` are the case's record checks (the case reader's
// pending checks), tested per completion.  Paths that name no scalar field are returned in
// `not_found` (when given) and ignored.
PartialCase make_partial_case(const RuleSet& rules, std::unique_ptr<Case> kase, const std::vector<std::string>& unknown_paths,
                              std::vector<PendingCheck> checks, std::vector<std::string>* not_found = nullptr);

// The value of an input field by its path (person.geburtsdatum, massnahmen.2.eintritt) in
// `kase`, with its declared type; null when the path names no scalar field of the case.
Value* field_slot(const RuleSet& rules, Case& kase, const std::string& path, TypeId* type = nullptr,
                  std::string* label = nullptr);

// Every path of a scalar field in `kase` that matches `pattern`, where `*` stands for any
// list position (massnahmen.*.eintritt).
std::vector<std::string> matching_paths(const RuleSet& rules, const Case& kase, const std::string& pattern);

}  // namespace klappt
