// `klappt vorlage`: a commented German case template, written from the rule set's input
// declarations (names, labels, types, defaults, enum values with their labels) — so it
// always fits the rules it comes with, and no field is written in C++.
#pragma once

#include <optional>
#include <string>

#include "engine/runtime/program.hpp"

namespace klappt {

struct CaseTemplateOptions {
    // An enum value to enter in advance (`--baustein F4`): it goes into the first field
    // whose enum accepts it (dsl/enum_lookup), inside the first entry of a list of the case.
    std::string preset;
};

struct CaseTemplate {
    std::string yaml;   // the template; empty when `error` is set
    std::string error;  // German, e.g. no field accepts the preset
};

CaseTemplate case_template(const Program& program, const CaseTemplateOptions& options = {});

}  // namespace klappt
