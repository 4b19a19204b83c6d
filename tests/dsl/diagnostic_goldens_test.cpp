// One golden per diagnostic of the rule language: tests/dsl/diagnostics/NAME.rules (or the
// folder NAME/) parsed and checked through the dsl layer alone; NAME.expected holds what the
// author reads.  KLAPPT_UPDATE_GOLDEN=1 rewrites the expectations (review the diff).
#include <catch2/catch.hpp>

#include "diagnostic_cases.hpp"
#include "support/golden.hpp"

using namespace klappt;
using namespace klappt::testing;

TEST_CASE("every diagnostic of the rule language matches its golden file", "[dsl][golden][diagnostics]") {
    auto cases = diagnostic_cases();
    REQUIRE(cases.size() > 50);
    for (const auto& c : cases) {
        DYNAMIC_SECTION(c.name) {
            INFO(c.problem);
            REQUIRE(c.problem.empty());
            auto checked = parse_and_check(c.files, c.options, c.limits);
            std::string rendered = render(checked.diagnostics);
            // Each case is a mistake; where the checker found it, it hands out no rule set.
            CHECK(checked.diagnostics.has_errors());
            if (checked.result.diagnostics.has_errors()) CHECK(!checked.result.rule_set);
            check_golden(c.expected, rendered);
        }
    }
}

TEST_CASE("every golden file of the diagnostics belongs to a rule source", "[dsl][golden][diagnostics]") {
    std::vector<std::string> names;
    for (const auto& c : diagnostic_cases()) names.push_back(c.name + ".expected");
    for (const auto& expected : files_with(diagnostics_dir(), ".expected")) {
        INFO(expected.filename().string() << " has no NAME.rules or NAME/ next to it");
        CHECK(std::find(names.begin(), names.end(), expected.filename().string()) != names.end());
    }
}
