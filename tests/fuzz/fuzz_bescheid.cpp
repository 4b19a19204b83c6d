// libFuzzer entry point: a Zuwendungsbescheid (YAML) with the bundled forwarding list
// through the finance rule set and all three report forms.
#include <cstddef>
#include <cstdint>

#include "engine/calendar.hpp"
#include "engine/finance_report.hpp"
#include "engine/forwarding_loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace klappt;

namespace {
SourceRef forwardings;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::finance() = fuzz::load_or_die(fuzz::finance_directory());
    std::string error;
    forwardings = read_source_file(std::string(KLAPPT_SOURCE_DIR) + "/examples/finanzen/weiterleitungen.csv", error);
    if (!forwardings) std::abort();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Program& program = *fuzz::finance();
    static Evaluator evaluator(program);
    FinanceRun run = load_finance_run(program, fuzz::source(data, size, "bescheid.yaml"), forwardings,
                                      calendar::day_number(*calendar::parse("2022-03-31")));
    (void)render(run.diagnostics);
    if (!run.kase) return 0;
    try {
        evaluator.start(*run.kase);
        (void)finance_report_text(evaluator, run);
        (void)finance_report_json(evaluator, run);
        (void)finance_report_csv(evaluator, kForwardingsInput);
    } catch (const EvaluationError& e) {
        (void)evaluation_error_text(program, e);
    }
    return 0;
}
