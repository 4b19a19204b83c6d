// libFuzzer entry point: a YAML case file through the case loader, the evaluator of the
// bundled rules, every result view and the timeline.
#include <cstddef>
#include <cstdint>

#include "engine/input/case_loader.hpp"
#include "engine/timeline/timeline.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace klappt;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::bundled() = fuzz::load_or_die(fuzz::rules_directory());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Program& program = *fuzz::bundled();
    static CaseRunner runner(program);
    CaseFile cases = load_cases_yaml(program, fuzz::source(data, size, "fuzz.yaml"));
    (void)render(cases.diagnostics);
    for (auto& doc : cases.cases) {
        if (!doc.data) {
            (void)case_error_json(program, doc.id, doc.errors);
            continue;
        }
        fuzz::render_case(runner, *doc.data);
        if (program.manifest.timelines.empty()) continue;
        try {
            DayNumber from = program.manifest.timeline_from.value_or(0);
            DayNumber to = program.manifest.timeline_to.value_or(from + 365);
            Timeline t = compute_timeline(runner.evaluator(), *doc.data, from, to);
            (void)timeline_json(t);
            (void)timeline_text(t);
            (void)timeline_svg(t);
        } catch (const EvaluationError&) {
        }
    }
    return 0;
}
