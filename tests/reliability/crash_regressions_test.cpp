// Crashes and hangs found by fuzzing and limit probes (issue 15), each pinned by a test.
// The inputs that fuzzers found are also replayed as files: tests/fuzz/regressions/.
#include <catch2/catch.hpp>

#include <string>

#include "engine/ruletest/rule_tests.hpp"
#include "support/golden.hpp"

using namespace klappt;

namespace {

std::vector<RuleTest> read_tests(const std::string& text, Diagnostics& diagnostics) {
    return load_rule_tests(std::make_shared<SourceFile>("tests/t.yaml", text), diagnostics);
}

}  // namespace

TEST_CASE("a rule-test file without tests: is a diagnostic, not an internal error", "[regression]") {
    // yaml-cpp throws InvalidNode when a missing key's node is assigned; it escaped as
    // „interner Fehler: invalid node“ (101 fuzz crashes, one bug).
    Diagnostics diagnostics;
    auto tests = read_tests("vorlage:\n  stichtag: 2021-03-15\n", diagnostics);
    CHECK(tests.empty());
    CHECK(render(diagnostics).find("„tests:“ fehlt") != std::string::npos);
}

TEST_CASE("a rule-test file without vorlage: reads its tests", "[regression]") {
    Diagnostics diagnostics;
    auto tests = read_tests("tests:\n  - name: t\n    fall: {stichtag: 2021-03-15}\n    erwartet: {}\n", diagnostics);
    CHECK(tests.size() == 1);
    CHECK(!diagnostics.has_errors());
}

TEST_CASE("a rule-test mapping with neither vorlage nor tests", "[regression]") {
    Diagnostics diagnostics;
    auto tests = read_tests("name: t\nerwartet: {}\n", diagnostics);
    CHECK(tests.empty());
    std::string text = render(diagnostics);
    CHECK(text.find("unbekannter Eintrag „name“") != std::string::npos);
    CHECK(text.find("„tests:“ fehlt") != std::string::npos);
}

TEST_CASE("a test of a list file without fall: or datei: is reported", "[regression]") {
    Diagnostics diagnostics;
    auto tests = read_tests("- name: t\n  erwartet: {}\n", diagnostics);
    CHECK(tests.empty());
    CHECK(render(diagnostics).find("„fall:“ oder „datei:“ fehlt") != std::string::npos);
}
