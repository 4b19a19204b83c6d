// Reading cases from YAML (one document per case, `---` between documents),
// checked against the rule set's input declarations: a missing field, a wrong
// type, an unknown enum value, an impossible date or an unknown key is an
// error naming the case, the field path and what is allowed.  A broken
// document does not stop the others.
#pragma once

#include "engine/case_data.hpp"
#include "engine/program.hpp"

namespace klappt {

CaseFile load_cases_yaml(const Program& program, const SourceRef& file);

// The message prefix used for every error of a case: "Fall RKN-1: ".
std::string case_prefix(const std::string& id);

}  // namespace klappt
