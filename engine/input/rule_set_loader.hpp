// Loading a rule set: a folder with `regelwerk.yaml` (name, version, which
// inputs name the case and its check date), `*.rules` files (any depth) and
// parameter values in `parameter/*.yaml`.  A sub-folder with its own
// `regelwerk.yaml` is a separate rule set and is skipped.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

struct RuleSetSources {
    SourceRef manifest;  // may be null
    std::vector<SourceRef> rule_files;
    std::vector<SourceRef> parameter_files;
};

struct LoadResult {
    std::shared_ptr<const Program> program;  // null when there were errors
    Diagnostics diagnostics;
};

// Finds and reads the files of the rule set in `directory`.
std::optional<RuleSetSources> collect_rule_set(const std::filesystem::path& directory, Diagnostics& diagnostics);

LoadResult load_rule_set(const std::filesystem::path& directory);
LoadResult load_rule_set(const RuleSetSources& sources, const std::filesystem::path& directory = {});

// Reads parameter values (the rule set's parameter/*.yaml) into `program.parameters`,
// replacing what was there; load_rule_set does this once.  Also used by the parameter
// fuzzer, which loads the rules once and the values per input.
void load_parameter_values(const std::vector<SourceRef>& files, Program& program, Diagnostics& diagnostics);

}  // namespace klappt
