// Evaluating one case: the io.md example (examples/io_beispiel.yaml, one F4
// measure) against the bundled rules.  The rule set and the case are loaded
// once; each iteration is what `klappt check --json` does per case
// (CaseRunner::run + case_json), or the evaluation alone (start + every
// top-level output, no JSON).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "dsl/diagnostic.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/render/case_output.hpp"
#include "engine/result/case_runner.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/input/rule_set_loader.hpp"

namespace {

const std::filesystem::path kSource = KLAPPT_SOURCE_DIR;

// The bundled rule set and the example case, loaded once for all benchmarks.
struct Fixture {
    klappt::LoadResult loaded;
    klappt::CaseFile cases;
    std::string error;  // non-empty: the benchmarks skip with this message

    Fixture() {
        loaded = klappt::load_rule_set(kSource / "rules");
        if (!loaded.program) {
            error = "rules/ does not load:\n" + klappt::render(loaded.diagnostics);
            return;
        }
        klappt::SourceRef file = klappt::read_source_file((kSource / "examples" / "io_beispiel.yaml").string(), error);
        if (!file) return;
        cases = klappt::load_cases_yaml(*loaded.program, file);
        if (cases.cases.size() != 1 || !cases.cases[0].data)
            error = "examples/io_beispiel.yaml is not one valid case:\n" + klappt::render(cases.diagnostics);
    }
    const klappt::Program& program() const { return *loaded.program; }
    const klappt::Case& kase() const { return *cases.cases[0].data; }
};

const Fixture& fixture() {
    static Fixture f;
    return f;
}

// The runner of a benchmark, after one evaluation outside the timed loop, so a broken rule
// set or case skips the benchmark with its message instead of failing mid-measurement; null then.
std::unique_ptr<klappt::CaseRunner> ready_runner(benchmark::State& state) {
    const Fixture& f = fixture();
    if (!f.error.empty()) {
        state.SkipWithError(f.error.c_str());
        return nullptr;
    }
    auto runner = std::make_unique<klappt::CaseRunner>(f.program());
    const klappt::CaseResult& result = runner->run(f.kase());
    if (result.evaluated()) return runner;
    state.SkipWithError(("evaluation failed: " + result.error).c_str());
    return nullptr;
}

void BM_EvaluateCaseJson(benchmark::State& state) {
    auto runner = ready_runner(state);
    if (!runner) return;
    const klappt::Case& kase = fixture().kase();
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string json = klappt::case_json(runner->run(kase));
        bytes += json.size();
        benchmark::DoNotOptimize(json.data());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_EvaluateCaseJson)->Unit(benchmark::kMicrosecond);

void BM_EvaluateCaseOutputs(benchmark::State& state) {
    auto runner = ready_runner(state);
    if (!runner) return;
    const Fixture& f = fixture();
    klappt::Evaluator& evaluator = runner->evaluator();
    const std::size_t outputs = f.program().rules.outputs.size();
    for (auto _ : state) {
        evaluator.start(f.kase());
        for (std::size_t i = 0; i < outputs; ++i) {
            klappt::Value v = evaluator.output(i);
            benchmark::DoNotOptimize(v);
        }
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateCaseOutputs)->Unit(benchmark::kMicrosecond);

}  // namespace
