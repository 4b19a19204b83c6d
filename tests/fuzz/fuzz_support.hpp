// Shared by the libFuzzer harnesses: the bundled rule sets, loaded once per process
// (LLVMFuzzerInitialize) instead of once per input, and small helpers.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "engine/render/case_output.hpp"
#include "engine/result/case_runner.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/input/rule_set_loader.hpp"

namespace klappt::fuzz {

inline std::string rules_directory() { return std::string(KLAPPT_SOURCE_DIR) + "/rules"; }
inline std::string finance_directory() { return std::string(KLAPPT_SOURCE_DIR) + "/rules/finanzen"; }

// A rule set of the repository, loaded once; a harness without it cannot work, so it stops.
inline std::shared_ptr<const Program> load_or_die(const std::string& directory) {
    LoadResult loaded = load_rule_set(directory);
    if (!loaded.program) {
        std::fprintf(stderr, "fuzz: rule set %s does not load:\n%s", directory.c_str(),
                     render(loaded.diagnostics).c_str());
        std::abort();
    }
    return loaded.program;
}

inline std::shared_ptr<const Program>& bundled() {
    static std::shared_ptr<const Program> program;
    return program;
}
inline std::shared_ptr<const Program>& finance() {
    static std::shared_ptr<const Program> program;
    return program;
}

inline SourceRef source(const std::uint8_t* data, std::size_t size, const std::string& name) {
    return std::make_shared<SourceFile>(name, std::string(reinterpret_cast<const char*>(data), size));
}

// Every view of a case result that a person or program reads; evaluation errors are
// an expected answer to bad input, anything else escapes to libFuzzer.
inline void render_case(CaseRunner& runner, const Case& kase) {
    ResultDetail everything;
    everything.explanation = everything.people_tree = everything.technical_tree = true;
    const CaseResult& result = runner.run(kase, everything);
    (void)case_json(result, JsonFields::explained);
    (void)case_text(result);
}

}  // namespace klappt::fuzz
