// A case's result in the three forms people and programs read: JSON Lines
// (io.md), a German summary, and the explanation tree.  All three are read
// off one evaluation; each may throw EvaluationError, so callers render into
// a string first and print only complete results.
#pragma once

#include <string>

#include "engine/case_data.hpp"
#include "engine/evaluator.hpp"
#include "engine/value_format.hpp"

namespace klappt {

// A module value (e.g. one measure's result) as a JSON object of its outputs.
void write_instance_json(JsonOut& out, Evaluator& evaluator, const Value& instance);

// One JSON object (no newline): case id, check date, rule-set identity, outputs in order.
std::string case_json(Evaluator& evaluator);

// `{"fall": …, "fehler": [{"feld": …, "meldung": …}]}` for a case that cannot be evaluated.
std::string case_error_json(const Program& program, const std::string& id, const std::vector<FieldError>& errors);

// The German summary of a case.
std::string case_text(Evaluator& evaluator);

// The whole explanation tree of every output (evaluation must have been traced).
std::string explanation_text(Evaluator& evaluator);

// The text of an evaluation error with its place in the rules.
std::string evaluation_error_text(const Program& program, const EvaluationError& error);

}  // namespace klappt
