// The checker: resolves every name of a rule set (all modules of a folder),
// types every expression, rejects cycles, and produces the RuleSet the engine
// evaluates.  Mistakes are diagnostics; the rule set is only returned when
// there are none.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/diagnostic.hpp"
#include "dsl/rule_set.hpp"

namespace klappt::dsl {

struct CheckOptions {
    std::string case_id_input;     // the input that names a case (e.g. `fall`); may be empty
    std::string check_date_input;  // the input holding the check date (e.g. `stichtag`); may be empty
};

struct CheckResult {
    std::optional<RuleSet> rule_set;
    // Only when there were errors: the declarations that could be checked (enums, records,
    // inputs, parameters with their types), so parameter files can still be checked against them.
    std::optional<RuleSet> partial_rule_set;
    Diagnostics diagnostics;
};

CheckResult check(const std::vector<ast::Module>& modules, const CheckOptions& options);

}  // namespace klappt::dsl
