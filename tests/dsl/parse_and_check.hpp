// Rule sources through the dsl layer alone: dsl::parse each file, dsl::check the modules —
// what the engine's rule-set loader does first, without its manifest, parameters or linking.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dsl/checker.hpp"
#include "dsl/parser.hpp"

namespace klappt::testing {

struct Checked {
    std::vector<ast::Module> modules;    // every module whose header could be read
    dsl::CheckResult result;             // the checker's rule set (or partial one) and its diagnostics
    Diagnostics diagnostics;             // the parser's, then the checker's
};

inline Checked parse_and_check(const std::vector<SourceRef>& files, const dsl::CheckOptions& options = {},
                               const dsl::ParseLimits& limits = {}) {
    Checked out;
    for (const auto& file : files) {
        auto parsed = dsl::parse(file, limits);
        out.diagnostics.append(parsed.diagnostics);
        if (parsed.module) out.modules.push_back(std::move(*parsed.module));
    }
    out.result = dsl::check(out.modules, options);
    out.diagnostics.append(out.result.diagnostics);
    return out;
}

inline SourceRef source(std::string name, std::string text) {
    return std::make_shared<SourceFile>(std::move(name), std::move(text));
}

// One rule file from text.
inline Checked parse_and_check(const std::string& text, const dsl::CheckOptions& options = {}) {
    return parse_and_check(std::vector<SourceRef>{source("test.rules", text)}, options);
}

}  // namespace klappt::testing
