// The explanation trees of a case, read off the evaluator's trace while the evaluation
// lives.  Both are part of a case's result (case_result.hpp): the case runner builds them
// when asked, and the views only print them.
#pragma once

#include <string>

#include "engine/runtime/evaluator.hpp"

namespace klappt {

// The whole tree of every output for policy authors: definition names, module arguments,
// sources, parameters with their provenance (`--explain=technisch`, the Prüfprotokoll;
// technical_tree.cpp).  Evaluation must have been traced; may throw EvaluationError.
std::string explanation_text(Evaluator& evaluator);

// The same tree for caseworkers: indented German sentences with values, rule texts and
// calculation lines from the rule set, no definition names (`--explain`; people_tree.cpp).
std::string explanation_for_people(Evaluator& evaluator);

}  // namespace klappt
