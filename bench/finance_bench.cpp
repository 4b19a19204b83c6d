// Checking forwardings (klappt weiterleitung) at scale: 10 000 and 100 000 generated
// forwardings of one Kreis, as a German Excel CSV in memory, against the example
// Bescheid and the finance rule set (rules/finanzen).
//
//   BM_FinanceLoad      parse the CSV into the finance case (cells, record checks)
//   BM_FinanceCheck     evaluate every output: W1–W8 per forwarding (W6 compares each
//                       participant with all other forwardings), sums per Baustein, F6
//   BM_FinanceEndToEnd  load + evaluate + the German text report (what the CLI does)
//
// The forwardings are realistic in shape: every Baustein, 1–12 case ids each drawn from
// a pool a third the size of the forwardings (so participants recur across forwardings
// and some overlap in time: W6 findings), about one in ten with a deliberate mistake.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <random>
#include <string>

#include "dsl/diagnostic.hpp"
#include "engine/base/calendar.hpp"
#include "engine/runtime/evaluator.hpp"
#include "engine/finance/finance_report.hpp"
#include "engine/result/case_runner.hpp"
#include "engine/finance/forwarding_loader.hpp"
#include "engine/input/rule_set_loader.hpp"

namespace {

const std::filesystem::path kSource = KLAPPT_SOURCE_DIR;

std::string euro(std::int64_t cents) {
    std::string whole = std::to_string(cents / 100), grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i && (whole.size() - i) % 3 == 0) grouped += '.';
        grouped += whole[i];
    }
    std::string frac = std::to_string(cents % 100);
    return grouped + "," + (frac.size() == 1 ? "0" : "") + frac;
}

std::string german_date(klappt::DayNumber d) { return klappt::calendar::german(klappt::calendar::from_day_number(d)); }

std::string generate_csv(int n) {
    std::mt19937 rng(20231);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    std::string out = "\xEF\xBB\xBFNr.;Baustein;Träger;Trägerart;ANBest-P;von;bis;Betrag;Teilnehmende;Fall-IDs;UStd;"
                      "Prüfungsgebühren;Stellen (VZÄ);Steuerkreis-Zustimmung;Steuerkreis-Betrag;Auszahlung am;ausgezahlt;VN-Eingang\r\n";
    const klappt::DayNumber start = klappt::calendar::day_number(*klappt::calendar::parse("2020-04-01"));
    const char* bausteine[] = {"F1", "F2", "F2", "F3", "F4", "F4", "F4", "F4", "F5", "F6"};
    for (int i = 0; i < n; ++i) {
        std::string b = bausteine[pick(0, 9)];
        bool mistake = pick(0, 9) == 0;
        klappt::DayNumber von = start + pick(0, 800), bis = von + pick(60, 330);
        int participants = (b == "F2" || b == "F3" || b == "F4") ? pick(1, 12) : 0;
        std::string ids;
        for (int k = 0; k < participants; ++k) ids += (k ? ", " : "") + std::string("RKN-") + std::to_string(pick(0, n / 3));
        int ustd = b == "F4" ? 40 * pick(2, 8) : 0;
        std::int64_t fees = b == "F4" && pick(0, 3) == 0 ? 120'00 * pick(1, 4) : 0;
        std::string vzae;
        std::int64_t amount = 0;
        std::int64_t months = klappt::calendar::months_touched(klappt::calendar::from_day_number(von),
                                                               klappt::calendar::from_day_number(bis));
        if (b == "F1" || b == "F6") {
            vzae = pick(0, 1) ? "1" : "0,5";
            std::int64_t per_year = b == "F1" ? 60000'00 : 68000'00;
            amount = (per_year * months * (vzae == "1" ? 2 : 1) + 12) / 24;  // VZÄ × per year × months / 12, half up
        } else if (b == "F2") {
            amount = 1500'00 * participants;
        } else if (b == "F3") {
            amount = 4000'00 * participants;
        } else if (b == "F4") {
            amount = 37'50 * ustd + fees;
        } else {
            amount = 1000'00 * pick(5, 40);
        }
        if (mistake) amount += 100'00;
        out += "W-" + std::to_string(i) + ";" + b + ";Träger " + std::to_string(pick(1, 400)) + ";" +
               (b == "F3" && !mistake ? "Volkshochschule" : "Bildungsträger") + ";" + (mistake && pick(0, 1) ? "nein" : "ja") +
               ";" + german_date(von) + ";" + german_date(bis) + ";" + euro(amount) + ";" +
               (participants ? std::to_string(participants) : "") + ";" + ids + ";" + (ustd ? std::to_string(ustd) : "") +
               ";" + (fees ? euro(fees) : "") + ";" + vzae + ";" + (b == "F5" ? german_date(von - 30) : "") + ";" +
               (b == "F5" ? euro(amount) : "") + ";" + german_date(von) + ";" + euro(amount / 8) + ";" +
               (pick(0, 20) ? german_date(start + 1000 + pick(0, 80)) : "") + "\r\n";
    }
    return out;
}

struct Fixture {
    klappt::LoadResult loaded;
    klappt::SourceRef bescheid;
    std::string error;

    Fixture() {
        loaded = klappt::load_rule_set(kSource / "rules" / "finanzen");
        if (!loaded.program) {
            error = "rules/finanzen does not load:\n" + klappt::render(loaded.diagnostics);
            return;
        }
        bescheid = klappt::read_source_file((kSource / "examples" / "finanzen" / "bescheid_rhein_kreis_neuss.yaml").string(), error);
    }
    const klappt::Program& program() const { return *loaded.program; }
};

const Fixture& fixture() {
    static Fixture f;
    return f;
}

klappt::SourceRef forwardings(int n) {
    static std::map<int, klappt::SourceRef> files;
    auto& f = files[n];
    if (!f) f = std::make_shared<klappt::SourceFile>("weiterleitungen.csv", generate_csv(n));
    return f;
}

const klappt::DayNumber kCheckDate = klappt::calendar::day_number(*klappt::calendar::parse("2023-07-15"));

void evaluate_all(klappt::Evaluator& ev) {
    for (std::size_t i = 0; i < ev.program().rules.outputs.size(); ++i) benchmark::DoNotOptimize(ev.output(i));
}

// One run outside the timed loop: a broken rule set or input skips with its message.
bool runs_once(benchmark::State& state, int n) {
    const Fixture& f = fixture();
    if (!f.error.empty()) {
        state.SkipWithError(f.error.c_str());
        return false;
    }
    klappt::FinanceRun run = klappt::load_finance_run(f.program(), f.bescheid, forwardings(n), kCheckDate);
    if (!run.kase || !run.input_valid) {
        state.SkipWithError(("generated forwardings do not load:\n" + klappt::render(run.diagnostics)).c_str());
        return false;
    }
    try {
        klappt::Evaluator ev(f.program());
        ev.start(*run.kase);
        evaluate_all(ev);
    } catch (const klappt::EvaluationError& e) {
        state.SkipWithError(("evaluation failed: " + e.message).c_str());
        return false;
    }
    return true;
}

void BM_FinanceLoad(benchmark::State& state) {
    int n = static_cast<int>(state.range(0));
    if (!runs_once(state, n)) return;
    for (auto _ : state) {
        klappt::FinanceRun run = klappt::load_finance_run(fixture().program(), fixture().bescheid, forwardings(n), kCheckDate);
        benchmark::DoNotOptimize(run.kase.get());
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_FinanceLoad)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FinanceCheck(benchmark::State& state) {
    int n = static_cast<int>(state.range(0));
    if (!runs_once(state, n)) return;
    klappt::FinanceRun run = klappt::load_finance_run(fixture().program(), fixture().bescheid, forwardings(n), kCheckDate);
    klappt::Evaluator ev(fixture().program());
    for (auto _ : state) {
        ev.start(*run.kase);
        evaluate_all(ev);
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_FinanceCheck)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FinanceEndToEnd(benchmark::State& state) {
    int n = static_cast<int>(state.range(0));
    if (!runs_once(state, n)) return;
    std::size_t bytes = 0;
    for (auto _ : state) {
        klappt::FinanceRun run = klappt::load_finance_run(fixture().program(), fixture().bescheid, forwardings(n), kCheckDate);
        klappt::CaseRunner runner(fixture().program());
        std::string report = klappt::finance_report_text(runner.run(*run.kase), run);
        bytes += report.size();
        benchmark::DoNotOptimize(report.data());
    }
    state.SetItemsProcessed(state.iterations() * n);
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_FinanceEndToEnd)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
