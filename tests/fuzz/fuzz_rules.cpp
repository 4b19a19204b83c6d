// libFuzzer entry point: rule source through parser, checker, linker and — when the rule set
// still loads — the evaluator on the example cases.  The first byte of the input picks what
// the rest is: below the number of bundled rule files, it replaces that file of the bundled
// rule set (so the fuzzer works on a whole, loadable rule set with its parameters and
// manifest); otherwise it is a rule set of its own, with a manifest naming `fall`/`stichtag`.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/input/case_loader.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace klappt;

namespace {
RuleSetSources bundled_sources;
SourceRef example_cases;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::bundled() = fuzz::load_or_die(fuzz::rules_directory());
    Diagnostics diagnostics;
    auto sources = collect_rule_set(fuzz::rules_directory(), diagnostics);
    if (!sources) std::abort();
    bundled_sources = *sources;
    std::string error;
    example_cases = read_source_file(std::string(KLAPPT_SOURCE_DIR) + "/examples/io_beispiel.yaml", error);
    if (!example_cases) std::abort();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::size_t replaced = data[0];
    RuleSetSources sources;
    if (replaced < bundled_sources.rule_files.size()) {
        sources = bundled_sources;
        sources.rule_files[replaced] = fuzz::source(data + 1, size - 1, sources.rule_files[replaced]->name());
    } else {
        sources.manifest = std::make_shared<SourceFile>("regelwerk.yaml", "fall: fall\nstichtag: stichtag\n");
        sources.rule_files.push_back(fuzz::source(data + 1, size - 1, "fuzz.rules"));
    }
    LoadResult result = load_rule_set(sources);
    (void)render(result.diagnostics);
    if (!result.program) return 0;
    CaseRunner runner(*result.program);
    if (replaced < bundled_sources.rule_files.size()) {
        // An example case, read against the changed rules (its inputs may no longer fit: errors are fine).
        CaseFile cases = load_cases_yaml(*result.program, example_cases);
        for (auto& doc : cases.cases)
            if (doc.data) fuzz::render_case(runner, *doc.data);
    }
    return 0;
}
