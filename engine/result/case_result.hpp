// A case's result as one value: what the rules computed for the case and, when asked, why.
// Every view — JSON Lines (io.md), the German summary, batch's CSV rows, the Prüfprotokoll,
// the web desk — renders from a `const CaseResult&`; none of them evaluates or throws.  The
// case runner (case_runner.hpp) fills it: it evaluates every output and every output of
// every module value reachable from them, builds the explanations asked for, and catches
// the evaluation error of a case that cannot be evaluated.
//
// The values live in the runner's evaluator (its arena and frames): a result is a view that
// stays valid until the runner evaluates the next case.  That keeps batch's hot path free of
// allocations — the runner fills the same result in place, case after case.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/result/explanation/case_explanation.hpp"
#include "engine/runtime/case_data.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

// What a result holds beyond the outputs; each part costs the trace of the evaluation.
struct ResultDetail {
    bool explanation = false;     // verdict, calculation lines and deciding reasons (CaseExplanation)
    bool people_tree = false;     // the explanation tree for caseworkers (`klappt check --explain`)
    bool technical_tree = false;  // the tree for policy authors (`--explain=technisch`, Prüfprotokoll)

    bool traced() const { return explanation || people_tree || technical_tree; }
};

struct CaseResult {
    const Program* program = nullptr;
    const Case* facts = nullptr;  // the case as evaluated (with the check date used)
    // The German text of the evaluation error („… hat am Stichtag keinen gültigen Wert“,
    // with its place in the rules); empty when the case was evaluated.
    std::string error;
    // Per top-level output (program->rules.outputs), in order; complete only without error.
    std::vector<Value> outputs;
    std::optional<CaseExplanation> explanation;
    std::string people_tree, technical_tree;  // "" unless asked for

    bool evaluated() const { return error.empty(); }
    const std::string& id() const { return facts->id; }
    // Output `definition` of a module value (e.g. one measure's `betrag`); the runner has
    // evaluated every output of every module value in the result.
    static const Value& member(const Value& instance, std::uint32_t definition) {
        return instance.frame->slots[definition].value;
    }
};

}  // namespace klappt
