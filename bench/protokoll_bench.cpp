// The Prüfprotokoll: appending one check record (WAL, one transaction, the rule set
// already stored) and verifying a chain of 100 000 records.  The record is the io.md
// example as `klappt check --protokoll` stores it (facts, result JSON, explanation).
// Files go to $TMPDIR (default /tmp), i.e. the machine's disk.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/protokoll/protokoll.hpp"
#include "engine/input/rule_set_loader.hpp"

namespace {

namespace fs = std::filesystem;
using klappt::protokoll::Store;

struct Fixture {
    klappt::LoadResult loaded;
    klappt::protokoll::CheckInput check;
    Fixture() {
        const fs::path source = KLAPPT_SOURCE_DIR;
        loaded = klappt::load_rule_set(source / "rules");
        std::ifstream in(source / "examples" / "io_beispiel.yaml");
        std::ostringstream text;
        text << in.rdbuf();
        check = klappt::protokoll::evaluate_check(*loaded.program, text.str(), "bench");
    }
};

const Fixture& fixture() {
    static Fixture f;
    return f;
}

fs::path fresh(const std::string& name) {
    fs::path p = fs::temp_directory_path() / ("klappt_bench_" + name + "_" + std::to_string(::getpid()) + ".db");
    for (const char* s : {"", "-wal", "-shm"}) fs::remove(p.string() + s);
    return p;
}

void remove_db(const fs::path& p) {
    for (const char* s : {"", "-wal", "-shm"}) fs::remove(p.string() + s);
}

void append(benchmark::State& state, bool fsync_each_record) {
    const auto& f = fixture();
    fs::path db = fresh("append");
    {
        Store::Options options;
        options.mode = Store::Mode::create;
        options.fsync_each_record = fsync_each_record;
        Store store = Store::open(db, options);
        auto check = f.check;
        store.append_check(*f.loaded.program, check);  // stores the rule set once
        std::int64_t i = 0;
        for (auto _ : state) {
            check.case_id = "RKN-" + std::to_string(++i);
            benchmark::DoNotOptimize(store.append_check(*f.loaded.program, check));
        }
        state.counters["bytes_per_record"] = static_cast<double>(check.facts.size() + check.result_json.size() + check.explanation.size());
    }
    remove_db(db);
}

void BM_AppendCheck(benchmark::State& state) { append(state, false); }
BENCHMARK(BM_AppendCheck)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);

void BM_AppendCheckFsyncEach(benchmark::State& state) { append(state, true); }
BENCHMARK(BM_AppendCheckFsyncEach)->Unit(benchmark::kMicrosecond)->Iterations(200)->Repetitions(3)->ReportAggregatesOnly(true);

void BM_Verify100k(benchmark::State& state) {
    const auto& f = fixture();
    const std::int64_t n = state.range(0);
    fs::path db = fresh("verify");
    {
        Store store = Store::open(db, Store::Mode::create);
        auto check = f.check;
        for (std::int64_t i = 1; i <= n; ++i) {
            check.case_id = "RKN-" + std::to_string(i);
            store.append_check(*f.loaded.program, check);
        }
    }
    Store store = Store::open(db);
    for (auto _ : state) {
        auto v = store.verify();
        if (!v.ok || v.records != n) state.SkipWithError("chain does not verify");
    }
    remove_db(db);
}
BENCHMARK(BM_Verify100k)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true);

}  // namespace
