// The one way a case is evaluated: a case goes in, a CaseResult comes out.  `klappt check`,
// `batch`, `report`, the web desk, the Prüfprotokoll and the benchmarks all run cases here
// and render from the result (case_result.hpp).
#pragma once

#include "engine/result/case_result.hpp"
#include "engine/runtime/evaluator.hpp"

namespace klappt {

class CaseRunner {
public:
    explicit CaseRunner(const Program& program) : evaluator_(program) {}

    // Evaluates `kase` (which must outlive the result) and returns its result, valid until
    // the next run.  Never throws for a case the rules cannot evaluate: that is the
    // result's `error`.
    const CaseResult& run(const Case& kase, const ResultDetail& detail = {});

    // The evaluator, for what evaluates the same case further (record checks of loaders,
    // ways to eligibility, timelines).  Using it ends the validity of the last result.
    Evaluator& evaluator() { return evaluator_; }
    const Program& program() const { return evaluator_.program(); }

private:
    Evaluator evaluator_;
    CaseResult result_;
};

// Fills `result` from the case `evaluator` has just been started on — traced when
// `detail.traced()`.  For features that start the evaluator themselves (the finance run,
// the interview's last step).  Never throws an EvaluationError (see CaseRunner::run).
void collect_result(Evaluator& evaluator, const ResultDetail& detail, CaseResult& result);

}  // namespace klappt
