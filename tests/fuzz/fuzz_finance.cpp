// libFuzzer entry point for the two inputs of `klappt weiterleitung`, built twice
// (tests/fuzz/CMakeLists.txt, KLAPPT_FUZZED_FINANCE_INPUT): fuzz_bescheid fuzzes the
// Zuwendungsbescheid (YAML) next to the example forwarding list, fuzz_forwarding_csv the
// forwarding list (CSV from Excel) next to the example Bescheid.  Either way the pair goes
// through the finance rule set and all three report forms.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/base/calendar.hpp"
#include "engine/finance/finance_report.hpp"
#include "engine/finance/forwarding_loader.hpp"
#include "engine/result/case_runner.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace klappt;

namespace {

enum class FinanceInput { bescheid, forwardings };
constexpr FinanceInput kFuzzed = FinanceInput::KLAPPT_FUZZED_FINANCE_INPUT;

// The input that is not fuzzed: a file of examples/finanzen/, read once.
SourceRef example;

// A file of examples/finanzen/; a harness without it cannot work, so it stops.
SourceRef finance_example_or_die(const std::string& name) {
    std::string error;
    SourceRef file = read_source_file(std::string(KLAPPT_SOURCE_DIR) + "/examples/finanzen/" + name, error);
    if (!file) std::abort();
    return file;
}

// Loads, evaluates and renders one finance run; evaluation errors are an expected answer.
void run_finance(const SourceRef& bescheid, const SourceRef& forwardings) {
    const Program& program = *fuzz::finance();
    static CaseRunner runner(program);
    FinanceRun run = load_finance_run(program, bescheid, forwardings, calendar::day_number(*calendar::parse("2022-03-31")));
    (void)render(run.diagnostics);
    if (!run.kase) return;
    const CaseResult& result = runner.run(*run.kase);
    if (!result.evaluated()) return;
    (void)finance_report_text(result, run);
    (void)finance_report_json(result, run);
    (void)finance_report_csv(result);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::finance() = fuzz::load_or_die(fuzz::finance_directory());
    example = finance_example_or_die(kFuzzed == FinanceInput::bescheid ? "weiterleitungen.csv"
                                                                       : "bescheid_rhein_kreis_neuss.yaml");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (kFuzzed == FinanceInput::bescheid) run_finance(fuzz::source(data, size, "bescheid.yaml"), example);
    else run_finance(example, fuzz::source(data, size, "weiterleitungen.csv"));
    return 0;
}
