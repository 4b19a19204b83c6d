// A result JSON rendered as HTML by the declared types of a rule set's outputs:
// single values as a summary list, records as nested lists, lists of records or
// module results as tables (one column per single value, nested lists as lines
// under their row).  Nothing here knows what the values mean; labels and order
// come from the rules (the finance report page uses it, as finance_report_text does).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "engine/runtime/program.hpp"

namespace klappt::web {

// Every top-level output of `program` found in `result`, in declaration order.
std::string typed_report_html(const Program& program, const nlohmann::ordered_json& result);

}  // namespace klappt::web
