// The rule tests of the bundled rule set (rules/tests/), for tests that take their cases.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/ruletest/rule_tests.hpp"
#include "support/golden.hpp"

namespace klappt::testing {

// Every rule test of rules/tests/ that runs on the bundled rules as they are, file by file
// (a test with `parameter:` overrides runs on a different rule set and is left out).
inline std::vector<RuleTest> bundled_rule_tests() {
    std::vector<RuleTest> out;
    for (const auto& path : files_with(source_dir() / "rules" / "tests", ".yaml")) {
        Diagnostics diagnostics;
        auto file = std::make_shared<SourceFile>(path.string(), read_file(path));
        for (RuleTest& test : load_rule_tests(file, diagnostics))
            if (test.parameters.empty()) out.push_back(std::move(test));
    }
    return out;
}

// The case text a rule test runs on: its inline case, or its case file as it is (every document
// of it); empty when it names neither.
inline std::string case_text(const RuleTest& test) {
    if (!test.inline_case.empty()) return test.inline_case;
    return test.case_file.empty() ? std::string() : read_file(test.case_file);
}

}  // namespace klappt::testing
