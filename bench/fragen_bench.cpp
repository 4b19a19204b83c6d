// One `klappt fragen` step (issue 12): the interview of a partial case of the bundled rules
// — which unknown facts can still change an output, and which outputs are fixed.  Target:
// ≤ 20 ms median.  The rule set and the cases are loaded once; each iteration is one
// interview (every evaluation and date sweep it needs), as the CLI and the web desk run it.
// Also `klappt check --wege` for one case (BM_Wege…): the whole search, sweeps and the
// verifying evaluations included.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <optional>
#include <string>

#include "dsl/diagnostic.hpp"
#include "engine/fragen/interview.hpp"
#include "engine/input/rule_set_loader.hpp"
#include "engine/wege/wege.hpp"

namespace {

const std::filesystem::path kSource = KLAPPT_SOURCE_DIR;

struct Fixture {
    klappt::LoadResult loaded;
    std::string error;
    Fixture() {
        loaded = klappt::load_rule_set(kSource / "rules");
        if (!loaded.program) error = "rules/ does not load:\n" + klappt::render(loaded.diagnostics);
    }
};

const Fixture& fixture() {
    static Fixture f;
    return f;
}

// Reads `yaml` (one case; `complete`: no fact unknown) into `docs`; false after skipping the
// benchmark with the reason.
bool load_one(benchmark::State& state, const std::string& yaml, bool complete, std::vector<klappt::PartialCaseDocument>& docs) {
    const Fixture& f = fixture();
    if (!f.error.empty()) {
        state.SkipWithError(f.error.c_str());
        return false;
    }
    klappt::Diagnostics diagnostics;
    docs = klappt::load_partial_cases_yaml(*f.loaded.program, std::make_shared<klappt::SourceFile>("bench.yaml", yaml), diagnostics);
    if (docs.size() != 1 || !docs[0].data || (complete && !docs[0].data->unknowns.empty())) {
        state.SkipWithError("the benchmark case does not load");
        return false;
    }
    return true;
}

// What one step did, shown as the benchmark's counters (`ways` only for the search of ways).
struct StepCounts {
    std::size_t evaluations = 0;
    std::optional<std::size_t> ways;
};

// `step(evaluator, case)` on the case of `yaml`, once per iteration; the counters show the
// last step's counts.
template <typename Step>
void repeat_step(benchmark::State& state, const std::string& yaml, bool complete, Step step) {
    std::vector<klappt::PartialCaseDocument> docs;
    if (!load_one(state, yaml, complete, docs)) return;
    klappt::Evaluator evaluator(*fixture().loaded.program);
    StepCounts counts;
    for (auto _ : state) counts = step(evaluator, *docs[0].data);
    state.counters["evaluations"] = static_cast<double>(counts.evaluations);
    if (counts.ways) state.counters["ways"] = static_cast<double>(*counts.ways);
}

// The interview of `yaml` (one partial case), repeated.
void interview_of(benchmark::State& state, const std::string& yaml) {
    repeat_step(state, yaml, false, [](klappt::Evaluator& evaluator, klappt::PartialCase& pc) {
        klappt::Interview iv = klappt::interview(evaluator, pc);
        benchmark::DoNotOptimize(iv.missing.size());
        return StepCounts{iv.evaluations, std::nullopt};
    });
}

// tests/fragen/teilfall_beispiel.yaml: birth date and residence status unknown, one F4 course.
void BM_FragenGeburtsdatumStatus(benchmark::State& state) {
    interview_of(state,
                 "fall: TEIL-1\nstichtag: 2022-03-15\nperson:\n  geburtsdatum: unbekannt\n  aufenthaltsstatus: unbekannt\n"
                 "massnahmen:\n  - {baustein: F4, beginn: 2022-03-01, ende: 2022-12-16, eintritt: 2022-03-11, traegerart: vhs, "
                 "unterrichtsstunden: 400}\n");
}
BENCHMARK(BM_FragenGeburtsdatumStatus)->Unit(benchmark::kMillisecond);

// Four unknowns: entry date, SGB II claim, JC/AA coordination, course hours.
void BM_FragenVierUnbekannte(benchmark::State& state) {
    interview_of(state,
                 "fall: TEIL-2\nstichtag: 2022-08-01\nperson:\n  geburtsdatum: 1999-05-03\n  aufenthaltsstatus: duldung\n"
                 "  anspruch_sgb2: unbekannt\n  abstimmung_jc_aa: unbekannt\n"
                 "massnahmen:\n  - {baustein: F4, beginn: 2022-03-01, ende: 2022-12-16, eintritt: unbekannt, traegerart: vhs, "
                 "unterrichtsstunden: unbekannt}\n");
}
BENCHMARK(BM_FragenVierUnbekannte)->Unit(benchmark::kMillisecond);

// The ways of one complete case (`klappt check --wege`), repeated.
void wege_of(benchmark::State& state, const std::string& yaml) {
    repeat_step(state, yaml, true, [](klappt::Evaluator& evaluator, klappt::PartialCase& pc) {
        klappt::Wege w = klappt::wege(evaluator, *pc.kase, pc.checks);
        std::size_t ways = 0;
        for (const auto& g : w.goals) ways += g.ways.size();
        benchmark::DoNotOptimize(w.goals.size());
        return StepCounts{w.evaluations, ways};
    });
}

// tests/wege/faelle.yaml WEGE-1: entered after the programme end — fundable up to it, the full Pauschale earlier.
void BM_WegeSpaeterEintritt(benchmark::State& state) {
    wege_of(state,
            "fall: WEGE-1\nstichtag: 2022-03-01\nperson:\n  geburtsdatum: 2000-01-10\n  aufenthaltsstatus: duldung\n"
            "massnahmen:\n  - {baustein: F4, beginn: 2022-09-01, ende: 2023-07-14, eintritt: 2023-01-09, traegerart: vhs, "
            "unterrichtsstunden: 400}\n");
}
BENCHMARK(BM_WegeSpaeterEintritt)->Unit(benchmark::kMillisecond);

// WEGE-5: nothing single helps, a pair of levers does (age exception and agreement with JC/AA).
void BM_WegeKombination(benchmark::State& state) {
    wege_of(state,
            "fall: WEGE-5\nstichtag: 2022-06-01\nperson:\n  geburtsdatum: 1992-01-10\n  aufenthaltsstatus: aufenthaltserlaubnis\n"
            "  anspruch_sgb2: true\nmassnahmen:\n  - {baustein: F4, beginn: 2022-03-01, ende: 2022-12-16, eintritt: 2022-05-02, "
            "traegerart: vhs, unterrichtsstunden: 400}\n");
}
BENCHMARK(BM_WegeKombination)->Unit(benchmark::kMillisecond);

}  // namespace
