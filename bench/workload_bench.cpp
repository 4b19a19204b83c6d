// The throughput workload (bench/workload, ../shared/bench): N = 200 000
// generated cases (seed 42), the rule in klappt (bench/workload/workload.rules)
// against the same rule written by hand in C++.
//
//   BM_HandWritten          the rule by hand on parsed cases: the reference figure
//   BM_Evaluate             klappt: Evaluator::start + both outputs, cases already loaded
//   BM_RunCase              the same through the case runner (CaseRunner::run → CaseResult),
//                           as check, batch and the desk run cases: the result's cost
//   BM_EndToEnd/threads:N   klappt batch: CSV file in, JSON Lines out (run_batch, output discarded)
//   BM_Timeline             compute_timeline over tests/timeline/rules + fall.yaml
//
// Each benchmark checks that its totals equal the generator's summary (52 196
// eligible, 12 293 160 000 cents) and reports heap allocations per case
// (`allocs/case`, counted by a replaced global operator new).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <thread>

#include "dsl/diagnostic.hpp"
#include "engine/batch/batch.hpp"
#include "engine/input/case_loader.hpp"
#include "engine/input/csv_case_loader.hpp"
#include "engine/input/csv_reader.hpp"
#include "engine/result/case_runner.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "engine/timeline/timeline.hpp"
#include "workload/generator.hpp"

#include "counting_allocator.hpp"

namespace {

namespace wl = klappt::workload;
const std::filesystem::path kSource = KLAPPT_SOURCE_DIR;

struct Fixture {
    std::vector<wl::Case> plain;          // for the hand-written rule
    std::vector<klappt::Case> cases;      // loaded by klappt's CSV reader
    klappt::LoadResult loaded;
    std::filesystem::path csv_file;
    std::string error;

    Fixture() {
        plain = wl::generate(wl::kBenchN, wl::kBenchSeed);
        std::string csv = wl::csv(plain);
        loaded = klappt::load_rule_set(kSource / "bench" / "workload");
        if (!loaded.program) {
            error = "bench/workload does not load:\n" + klappt::render(loaded.diagnostics);
            return;
        }
        csv_file = std::filesystem::temp_directory_path() / ("klappt-workload-" + std::to_string(::getpid()) + ".csv");
        if (std::FILE* f = std::fopen(csv_file.c_str(), "wb")) {
            std::fwrite(csv.data(), 1, csv.size(), f);
            std::fclose(f);
        }
        klappt::CsvReader reader(csv);
        std::vector<std::string_view> cells;
        reader.next(cells);
        klappt::CsvCaseMapping mapping(*loaded.program, cells);
        klappt::CsvCaseReader rows(mapping);
        klappt::Evaluator checks(*loaded.program);
        cases.resize(plain.size());
        std::size_t i = 0;
        while (reader.next(cells)) {
            if (!rows.read(cells, reader.line(), cases[i++], checks)) {
                error = "row " + std::to_string(reader.line()) + " does not load";
                return;
            }
        }
    }
    ~Fixture() {
        std::error_code ignore;
        if (!csv_file.empty()) std::filesystem::remove(csv_file, ignore);
    }
    const klappt::Program& program() const { return *loaded.program; }
};

const Fixture& fixture() {
    static Fixture f;
    return f;
}

bool ready(benchmark::State& state) {
    if (!fixture().error.empty()) {
        state.SkipWithError(fixture().error.c_str());
        return false;
    }
    return true;
}

void check_totals(benchmark::State& state, std::int64_t eligible, std::int64_t cents) {
    if (eligible != wl::kBenchEligible || cents != wl::kBenchTotalCents)
        state.SkipWithError(("totals differ from the generator's summary: " + std::to_string(eligible) + " eligible, " +
                             std::to_string(cents) + " cents").c_str());
}

void BM_HandWritten(benchmark::State& state) {
    const auto& cases = fixture().plain;
    std::int64_t eligible = 0, cents = 0;
    for (auto _ : state) {
        eligible = cents = 0;
        for (const auto& c : cases) {
            wl::Result r = wl::evaluate(c);
            eligible += r.eligible;
            cents += r.amount_cents;
        }
        benchmark::DoNotOptimize(cents);
    }
    check_totals(state, eligible, cents);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(cases.size()));
}
BENCHMARK(BM_HandWritten)->Unit(benchmark::kMillisecond);

// Evaluation only: what klappt does per case once it is loaded.
void BM_Evaluate(benchmark::State& state) {
    if (!ready(state)) return;
    const auto& f = fixture();
    const std::size_t threads = static_cast<std::size_t>(state.threads());
    const std::size_t begin = f.cases.size() * static_cast<std::size_t>(state.thread_index()) / threads;
    const std::size_t end = f.cases.size() * static_cast<std::size_t>(state.thread_index() + 1) / threads;
    klappt::Evaluator evaluator(f.program());
    evaluator.start(f.cases[0]);  // grows the evaluator's arena and vectors once
    evaluator.output(0);
    evaluator.output(1);
    std::int64_t eligible = 0, cents = 0;
    std::uint64_t allocations = 0;
    for (auto _ : state) {
        eligible = cents = 0;
        std::uint64_t before = klappt::counting::allocations.load(std::memory_order_relaxed);
        for (std::size_t i = begin; i < end; ++i) {
            evaluator.start(f.cases[i]);
            eligible += evaluator.output(0).b;
            cents += evaluator.output(1).i;
        }
        allocations += klappt::counting::allocations.load(std::memory_order_relaxed) - before;
        benchmark::DoNotOptimize(cents);
    }
    if (threads == 1) check_totals(state, eligible, cents);
    auto items = state.iterations() * static_cast<std::int64_t>(end - begin);
    state.SetItemsProcessed(items);
    state.counters["allocs/case"] =
        benchmark::Counter(static_cast<double>(allocations) / static_cast<double>(items * static_cast<std::int64_t>(threads)),
                           benchmark::Counter::kAvgThreads);
}
BENCHMARK(BM_Evaluate)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Evaluate)->Unit(benchmark::kMillisecond)->UseRealTime()->Threads(2);

// The same cases through the case runner: the result value every view reads.
void BM_RunCase(benchmark::State& state) {
    if (!ready(state)) return;
    const auto& f = fixture();
    klappt::CaseRunner runner(f.program());
    (void)runner.run(f.cases[0]);  // grows the evaluator's arena and the result's vectors once
    std::int64_t eligible = 0, cents = 0;
    std::uint64_t allocations = 0;
    for (auto _ : state) {
        eligible = cents = 0;
        std::uint64_t before = klappt::counting::allocations.load(std::memory_order_relaxed);
        for (const klappt::Case& kase : f.cases) {
            const klappt::CaseResult& result = runner.run(kase);
            eligible += result.outputs[0].b;
            cents += result.outputs[1].i;
        }
        allocations += klappt::counting::allocations.load(std::memory_order_relaxed) - before;
        benchmark::DoNotOptimize(cents);
    }
    check_totals(state, eligible, cents);
    auto items = state.iterations() * static_cast<std::int64_t>(f.cases.size());
    state.SetItemsProcessed(items);
    state.counters["allocs/case"] = static_cast<double>(allocations) / static_cast<double>(items);
}
BENCHMARK(BM_RunCase)->Unit(benchmark::kMillisecond)->UseRealTime();

// Counts results while discarding them.
struct TotalsSink : klappt::BatchSink {
    std::int64_t eligible = 0, cents = 0, bytes = 0;
    void results(std::string_view block) override {
        bytes += static_cast<std::int64_t>(block.size());
        // {"id": 1, "eligible": true, "amount": "3600.00"}
        for (std::size_t pos = 0; (pos = block.find("\"eligible\": ", pos)) != std::string_view::npos; ++pos) {
            eligible += block[pos + 12] == 't';
            std::size_t a = block.find("\"amount\": \"", pos) + 11;
            std::int64_t v = 0;
            for (; block[a] != '"'; ++a)
                if (block[a] != '.') v = v * 10 + (block[a] - '0');
            cents += v;
        }
    }
    void messages(std::string_view block) override { bytes += static_cast<std::int64_t>(block.size()); }
};

// Discards results, counting bytes.
struct NullSink : klappt::BatchSink {
    std::int64_t bytes = 0;
    void results(std::string_view block) override { bytes += static_cast<std::int64_t>(block.size()); }
    void messages(std::string_view block) override { bytes += static_cast<std::int64_t>(block.size()); }
};

// End to end: the CSV file (in the page cache) in, JSON Lines out.  The results of
// one untimed run are checked against the generator's summary.
void BM_EndToEnd(benchmark::State& state) {
    if (!ready(state)) return;
    const auto& f = fixture();
    klappt::BatchOptions options;
    options.threads = static_cast<unsigned>(state.range(0));
    TotalsSink totals;
    if (!klappt::run_batch(f.program(), {f.csv_file.string()}, options, totals).ok())
        state.SkipWithError("run_batch reported invalid cases");
    check_totals(state, totals.eligible, totals.cents);
    std::uint64_t allocations = 0;
    for (auto _ : state) {
        NullSink sink;
        std::uint64_t before = klappt::counting::allocations.load(std::memory_order_relaxed);
        klappt::run_batch(f.program(), {f.csv_file.string()}, options, sink);
        allocations += klappt::counting::allocations.load(std::memory_order_relaxed) - before;
        benchmark::DoNotOptimize(sink.bytes);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(f.cases.size()));
    state.SetBytesProcessed(state.iterations() * totals.bytes);
    state.counters["allocs/case"] = static_cast<double>(allocations) /
                                    static_cast<double>(state.iterations() * static_cast<std::int64_t>(f.cases.size()));
}
BENCHMARK(BM_EndToEnd)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Timelines: the windows of every series for the timeline test case (klappt zeitachse).
void BM_Timeline(benchmark::State& state) {
    klappt::LoadResult loaded = klappt::load_rule_set(kSource / "tests" / "timeline" / "rules");
    std::string error;
    klappt::SourceRef file = klappt::read_source_file((kSource / "tests" / "timeline" / "fall.yaml").string(), error);
    if (!loaded.program || !file) {
        state.SkipWithError("tests/timeline does not load");
        return;
    }
    klappt::CaseFile cases = klappt::load_cases_yaml(*loaded.program, file);
    if (cases.cases.empty() || !cases.cases[0].data) {
        state.SkipWithError("tests/timeline/fall.yaml is not a valid case");
        return;
    }
    const klappt::Program& program = *loaded.program;
    const klappt::Case& kase = *cases.cases[0].data;
    klappt::Evaluator evaluator(program);
    klappt::DayNumber from = program.manifest.timeline_from.value_or(kase.inputs[*program.rules.check_date_input].day);
    klappt::DayNumber to = program.manifest.timeline_to.value_or(from + 365);
    std::size_t probes = 0;
    for (auto _ : state) {
        klappt::Timeline t = klappt::compute_timeline(evaluator, kase, from, to);
        probes = t.probes;
        benchmark::DoNotOptimize(t.series.data());
    }
    state.counters["probes"] = static_cast<double>(probes);
    state.counters["days"] = static_cast<double>(to - from + 1);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Timeline)->Unit(benchmark::kMicrosecond);

}  // namespace
