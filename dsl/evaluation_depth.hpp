// How deep the evaluator recurses for each definition: operations nested inside each
// other, counted through every definition a definition uses (the evaluator evaluates a
// referenced definition inside the operation that needs it).  A rule set whose depth
// exceeds limits::kMaxEvaluationDepth is rejected by the checker with a diagnostic, so
// that evaluation can never overflow a thread's stack — a chain of 20 000 definitions
// `d_i = d_{i-1} + 1` used to pass `rules check` and crash `check`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "dsl/rule_set.hpp"

namespace klappt::dsl {

// The evaluation depth of every definition, indexed [module][definition].  Computed
// without recursion (any depth is measured safely); the rule set must be free of cycles.
std::vector<std::vector<std::size_t>> evaluation_depths(const RuleSet& rules);

// Reports the definitions where the depth first exceeds `limit` (those whose own
// dependencies are still within it); returns false when there is any.
bool check_evaluation_depth(const RuleSet& rules, std::size_t limit, Diagnostics& diagnostics);

}  // namespace klappt::dsl
