// libFuzzer entry point: a rule file through parser, checker and linker.
//   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DKLAPPT_FUZZ=ON && cmake --build build-fuzz --target fuzz_rules
//   ./build-fuzz/tests/fuzz/fuzz_rules -max_len=4096 rules/
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/rule_set_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    klappt::RuleSetSources sources;
    sources.manifest = std::make_shared<klappt::SourceFile>("regelwerk.yaml", "fall: fall\nstichtag: stichtag\n");
    sources.rule_files.push_back(
        std::make_shared<klappt::SourceFile>("fuzz.rules", std::string(reinterpret_cast<const char*>(data), size)));
    auto result = klappt::load_rule_set(sources);
    (void)klappt::render(result.diagnostics);
    return 0;
}
