// Shared by the two finance harnesses (forwarding list, Bescheid): the other input read
// once from examples/finanzen, and one run through the finance rule set with all three
// report forms.
#pragma once

#include <cstdlib>
#include <string>

#include "engine/base/calendar.hpp"
#include "engine/finance/finance_report.hpp"
#include "engine/result/case_runner.hpp"
#include "engine/finance/forwarding_loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace klappt::fuzz {

// A file of examples/finanzen/; a harness without it cannot work, so it stops.
inline SourceRef finance_example_or_die(const std::string& name) {
    std::string error;
    SourceRef file = read_source_file(std::string(KLAPPT_SOURCE_DIR) + "/examples/finanzen/" + name, error);
    if (!file) std::abort();
    return file;
}

// Loads, evaluates and renders one finance run; evaluation errors are an expected answer.
inline void run_finance(const SourceRef& bescheid, const SourceRef& forwardings) {
    const Program& program = *finance();
    static CaseRunner runner(program);
    FinanceRun run = load_finance_run(program, bescheid, forwardings, calendar::day_number(*calendar::parse("2022-03-31")));
    (void)render(run.diagnostics);
    if (!run.kase) return;
    const CaseResult& result = runner.run(*run.kase);
    if (!result.evaluated()) return;  // an evaluation error is an expected answer
    (void)finance_report_text(result, run);
    (void)finance_report_json(result, run);
    (void)finance_report_csv(result);
}

}  // namespace klappt::fuzz
