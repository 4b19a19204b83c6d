// Loading the bundled rule set (rules/): what every `klappt` start pays before
// the first case.  Two views: the whole load_rule_set(directory) including
// reading the files and hashing them, and parse + check + link from texts
// already in memory.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "dsl/diagnostic.hpp"
#include "engine/input/rule_set_loader.hpp"

namespace {

const std::filesystem::path kRules = std::filesystem::path(KLAPPT_SOURCE_DIR) / "rules";

// Runs `load` (→ LoadResult) once per iteration; a rule set that does not load ends the
// benchmark with its diagnostics.
template <typename Load>
void load_repeatedly(benchmark::State& state, Load&& load) {
    for (auto _ : state) {
        klappt::LoadResult loaded = load();
        if (!loaded.program) {
            state.SkipWithError(("rules/ does not load:\n" + klappt::render(loaded.diagnostics)).c_str());
            break;
        }
        benchmark::DoNotOptimize(loaded.program.get());
    }
    state.SetItemsProcessed(state.iterations());
}

// Directory → checked, linked Program: read files, parse, check, link parameters, SHA-256.
void BM_LoadRuleSetFromDirectory(benchmark::State& state) {
    load_repeatedly(state, [] { return klappt::load_rule_set(kRules); });
}
BENCHMARK(BM_LoadRuleSetFromDirectory)->Unit(benchmark::kMicrosecond);

// The same from sources read once: parse + check + link (+ hash) without file I/O.
void BM_LoadRuleSetFromMemory(benchmark::State& state) {
    klappt::Diagnostics diagnostics;
    auto sources = klappt::collect_rule_set(kRules, diagnostics);
    if (!sources) {
        state.SkipWithError(("rules/ cannot be read:\n" + klappt::render(diagnostics)).c_str());
        return;
    }
    load_repeatedly(state, [&] { return klappt::load_rule_set(*sources, kRules); });
}
BENCHMARK(BM_LoadRuleSetFromMemory)->Unit(benchmark::kMicrosecond);

}  // namespace
