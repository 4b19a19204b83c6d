// libFuzzer entry point: a rule-test file (rules/tests/*.yaml, klappt test) read and run
// against the bundled rules: vorlage merging, parameter overrides, the comparison of
// expectations.  Tests that name a case file (`datei:`) are read but not run, so that
// the fuzzer does not open arbitrary paths.
#include <cstddef>
#include <cstdint>

#include "engine/ruletest/rule_tests.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace klappt;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::bundled() = fuzz::load_or_die(fuzz::rules_directory());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    RuleTestRunner runner(fuzz::bundled());  // per input: it keeps the parameter variants it made
    Diagnostics diagnostics;
    auto tests = load_rule_tests(fuzz::source(data, size, fuzz::rules_directory() + "/tests/fuzz.yaml"), diagnostics);
    for (const RuleTest& test : tests) {
        if (!test.case_file.empty()) continue;
        (void)runner.run(test, diagnostics);
    }
    (void)render(diagnostics);
    return 0;
}
