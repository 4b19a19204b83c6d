// One `klappt fragen` step (issue 12): the interview of a partial case of the bundled rules
// — which unknown facts can still change an output, and which outputs are fixed.  Target:
// ≤ 20 ms median.  The rule set and the cases are loaded once; each iteration is one
// interview (every evaluation and date sweep it needs), as the CLI and the web desk run it.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "dsl/diagnostic.hpp"
#include "engine/fragen/interview.hpp"
#include "engine/rule_set_loader.hpp"

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

// The interview of `yaml` (one partial case), repeated.
void interview_of(benchmark::State& state, const std::string& yaml) {
    const Fixture& f = fixture();
    if (!f.error.empty()) {
        state.SkipWithError(f.error.c_str());
        return;
    }
    klappt::Diagnostics diagnostics;
    auto docs = klappt::load_partial_cases_yaml(*f.loaded.program, std::make_shared<klappt::SourceFile>("bench.yaml", yaml),
                                                diagnostics);
    if (docs.size() != 1 || !docs[0].data) {
        state.SkipWithError("the benchmark case does not load");
        return;
    }
    klappt::Evaluator evaluator(*f.loaded.program);
    std::size_t evaluations = 0;
    for (auto _ : state) {
        klappt::Interview iv = klappt::interview(evaluator, *docs[0].data);
        evaluations = iv.evaluations;
        benchmark::DoNotOptimize(iv.missing.size());
    }
    state.counters["evaluations"] = static_cast<double>(evaluations);
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

}  // namespace
