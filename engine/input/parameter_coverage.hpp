// A parameter must have exactly one value on every day a rule can ask for it.  Parameters
// are chosen by the check date; the days a rule can ask for run from the first day any
// parameter of the rule set names (`ab:`) on, without end.  A gap there (no value), or two
// versions that both claim a day, is reported when the rule set is loaded (a warning with
// the lint id `parameter-luecke`), not later as a failing rule test.
#pragma once

#include "dsl/diagnostic.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

inline constexpr const char* kCoverageLintId = "parameter-luecke";

// Adds one warning per gap or overlap of a parameter that a definition uses.
void check_parameter_coverage(const Program& program, Diagnostics& diagnostics);

}  // namespace klappt
