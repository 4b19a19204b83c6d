// Private to engine/ruletest: the comparison of one evaluated case with one test's
// expectation (comparison.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/ruletest/rule_tests.hpp"
#include "engine/runtime/evaluator.hpp"

namespace klappt {

// Compares the case `evaluator` has been started on with `test.expected`; mismatches go to
// `result` (and misnamed keys to `diagnostics`).  Returns every definition it evaluated, for
// rule coverage.  May throw EvaluationError.
std::vector<std::pair<Frame*, std::uint32_t>> compare_with_expectation(Evaluator& evaluator, const RuleTest& test,
                                                                       const std::vector<std::string>& rule_names,
                                                                       Diagnostics& diagnostics, RuleTestResult& result);

}  // namespace klappt
