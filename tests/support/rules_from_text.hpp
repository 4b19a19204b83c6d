// Building a rule set from inline text in tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/input/rule_set_loader.hpp"

namespace klappt::testing {

struct TextFile {
    std::string name;
    std::string text;
};

inline LoadResult load_rules_text(const std::vector<TextFile>& rule_files, const std::vector<TextFile>& parameter_files = {},
                                  const std::string& manifest = "") {
    RuleSetSources sources;
    if (!manifest.empty()) sources.manifest = std::make_shared<SourceFile>("regelwerk.yaml", manifest);
    for (auto& f : rule_files) sources.rule_files.push_back(std::make_shared<SourceFile>(f.name, f.text));
    for (auto& f : parameter_files) sources.parameter_files.push_back(std::make_shared<SourceFile>(f.name, f.text));
    return load_rule_set(sources);
}

}  // namespace klappt::testing
