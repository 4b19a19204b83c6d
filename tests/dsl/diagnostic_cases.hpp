// The golden cases of the dsl's diagnostics (tests/dsl/diagnostics/): each NAME.rules — or
// each folder NAME/ of .rules files, for mistakes across modules — is parsed and checked
// through the dsl layer alone; NAME.expected holds every diagnostic rendered.
//
// A comment line `# test: key=value …` in a rule file sets what the engine would take from
// regelwerk.yaml or what a test lowers to reach a limit with a short file:
//   fall=INPUT, stichtag=INPUT          (dsl::CheckOptions; both empty unless given)
//   max_nesting=N, max_file_bytes=N, max_errors=N, max_identifier_length=N   (dsl::ParseLimits)
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "parse_and_check.hpp"

namespace klappt::testing {

struct DiagnosticCase {
    std::string name;
    std::vector<SourceRef> files;  // named relative to the diagnostics folder (NAME.rules, NAME/a.rules)
    dsl::CheckOptions options;
    dsl::ParseLimits limits;
    std::filesystem::path expected;
    std::string problem;  // an unknown `# test:` key, …; empty when the case is well-formed
};

std::filesystem::path diagnostics_dir();
std::vector<DiagnosticCase> diagnostic_cases();

// Everything the author would read: each diagnostic and note rendered.
std::string rendered_diagnostics(const DiagnosticCase& c);

// The messages of rendered diagnostics: the text after `error: `, `warning: ` or `note: `.
std::vector<std::string> messages_of(const std::string& rendered);

}  // namespace klappt::testing
