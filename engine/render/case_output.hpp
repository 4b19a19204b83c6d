// A case's result in the three forms people and programs read: JSON Lines
// (io.md), a German summary, and the explanation tree.  All three are read
// off one evaluation; each may throw EvaluationError, so callers render into
// a string first and print only complete results.
#pragma once

#include <string>

#include "engine/runtime/case_data.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/render/value_json.hpp"

namespace klappt {

struct CaseExplanation;

// A module value (e.g. one measure's result) as a JSON object of its outputs; with an
// explanation, followed by its optional fields `urteil`, `rechenweg`, `entscheidend`, `hinweise`.
void write_instance_json(JsonOut& out, Evaluator& evaluator, const Value& instance,
                         const CaseExplanation* explanation = nullptr);

// One JSON object (no newline): case id, check date, rule-set identity, outputs in order.
// With an explanation the optional fields of io.md's extension follow the existing ones
// (case: `urteil`, `hinweise`; each module value: see write_instance_json).
std::string case_json(Evaluator& evaluator, const CaseExplanation* explanation = nullptr);

// `{"fall": …, "fehler": [{"feld": …, "meldung": …}]}` for a case that cannot be evaluated.
std::string case_error_json(const Program& program, const std::string& id, const std::vector<FieldError>& errors);

// How the German summary is written.
struct TextOptions {
    bool ids = false;  // rule names after each reason (for policy authors)
};

// The German summary of a case: the verdict first, per module value (measure) its verdict,
// the calculation line of each amount and the deciding reasons (engine/render/explanation).
std::string case_text(Evaluator& evaluator, const TextOptions& options = {});
std::string case_text(Evaluator& evaluator, const CaseExplanation& explanation, const TextOptions& options = {});

// The whole explanation tree of every output (evaluation must have been traced), for
// policy authors: definition names, module arguments, sources (`--explain=technisch`).
std::string explanation_text(Evaluator& evaluator);

// The same tree for caseworkers: indented German sentences with values, rule texts and
// calculation lines from the rule set, no definition names (`--explain`; explanation/people_tree.cpp).
std::string explanation_for_people(Evaluator& evaluator);

}  // namespace klappt
