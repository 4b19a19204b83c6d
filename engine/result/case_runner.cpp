#include "engine/result/case_runner.hpp"

#include "engine/result/explanation/trees.hpp"
#include "engine/runtime/evaluation_error.hpp"

namespace klappt {

namespace {

// Evaluates every output of every module value inside `v` (through lists, records and
// optionals), so that a view can read them all without evaluating.  Scalars cost nothing.
void evaluate_members(Evaluator& ev, const Value& v, TypeId type) {
    if (!v.present) return;
    const RuleSet& rules = ev.program().rules;
    TypeId t = rules.types.strip_optional(type);
    switch (rules.types.kind(t)) {
        case TypeKind::instance: {
            const Module& module = rules.modules[v.frame->module];
            for (std::uint32_t d : module.outputs) evaluate_members(ev, ev.force(v.frame, d), module.definitions[d].type);
            return;
        }
        case TypeKind::list: {
            TypeId element = rules.types[t].ref;
            TypeKind k = rules.types.kind(rules.types.strip_optional(element));
            if (k != TypeKind::instance && k != TypeKind::list && k != TypeKind::record) return;
            for (std::uint32_t i = 0; i < v.list.size; ++i) evaluate_members(ev, v.list.items[i], element);
            return;
        }
        case TypeKind::record: {
            const RecordType& record = rules.records[rules.types[t].ref];
            for (std::size_t i = 0; i < record.fields.size(); ++i) evaluate_members(ev, v.fields[i], record.fields[i].type);
            return;
        }
        default: return;
    }
}

void reset(CaseResult& result, const Program& program) {
    result.program = &program;
    result.facts = nullptr;
    result.error.clear();
    result.outputs.clear();  // keeps its capacity: no allocation from the second case on
    result.explanation.reset();
    result.people_tree.clear();
    result.technical_tree.clear();
}

void fill(Evaluator& ev, const ResultDetail& detail, CaseResult& result) {
    const Program& program = ev.program();
    for (std::size_t i = 0; i < program.rules.outputs.size(); ++i) {
        const OutputRef& ref = program.rules.outputs[i];
        Value v = ev.output(i);
        result.outputs.push_back(v);
        evaluate_members(ev, v, program.definition(ref.module, ref.definition).type);
    }
    if (detail.explanation) result.explanation = explain_case(ev);
    if (detail.people_tree) result.people_tree = explanation_for_people(ev);
    if (detail.technical_tree) result.technical_tree = explanation_text(ev);
}

void failed(CaseResult& result, const EvaluationError& e) {
    result.error = evaluation_error_text(*result.program, e);
    result.outputs.clear();
    result.explanation.reset();
    result.people_tree.clear();
    result.technical_tree.clear();
}

}  // namespace

void collect_result(Evaluator& evaluator, const ResultDetail& detail, CaseResult& result) {
    reset(result, evaluator.program());
    result.facts = &evaluator.current_case();
    try {
        fill(evaluator, detail, result);
    } catch (const EvaluationError& e) {
        failed(result, e);
    }
}

const CaseResult& CaseRunner::run(const Case& kase, const ResultDetail& detail) {
    reset(result_, evaluator_.program());
    result_.facts = &kase;
    try {
        evaluator_.start(kase, detail.traced());
        fill(evaluator_, detail, result_);
    } catch (const EvaluationError& e) {
        failed(result_, e);
    }
    return result_;
}

}  // namespace klappt
