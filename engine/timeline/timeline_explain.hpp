// Why a timeline looks as it does, read off the evaluator's trace (never a second
// implementation of the rules):
//  - which of the things that change on a boundary day actually changes the result:
//    the definitions whose value differs between the day before and the day, reached
//    from the series' output only through definitions whose value differs too (a
//    status change between two statuses of the target group changes `status`, but not
//    the condition that reads it, so it is not the cause);
//  - why a row has no window: the conditions that fail on those days, the most
//    specific ones (a failed condition none of whose own conditions failed).
#pragma once

#include <string>
#include <vector>

#include "engine/runtime/evaluator.hpp"

namespace klappt {

// What one traced evaluation of a series output on one day read: the definitions as a
// graph (node 0 is the series output), their values kept beyond the evaluation.
struct TraceSnapshot {
    struct Node {
        std::uint32_t global = 0;  // Evaluator::global_definition
        std::uint32_t module = 0, definition = 0;
        bool comparable = false;  // a scalar value (bool, number, date, enum, text)
        Value value;              // for comparable values other than text
        std::string text;         // a text value; for every comparable non-bool value its German form
        std::vector<std::uint32_t> children;  // definitions read, in reading order
    };
    std::vector<Node> nodes;
};

// Evaluates `decl`'s output for `key` on `day` with the trace on.  May throw EvaluationError.
TraceSnapshot snapshot_series(Evaluator& evaluator, const Case& kase, const TimelineDeclaration& decl,
                              const Value& key, DayNumber day);

// The definitions (Evaluator::global_definition, sorted) whose value changes from `before`
// to `after` on a path of changed values from the series output.
std::vector<std::uint32_t> changed_definitions(const Program& program, const TraceSnapshot& before,
                                               const TraceSnapshot& after);

// A condition that fails: its label and the values it read (e.g. „Duldung oder
// Aufenthaltsgestattung (Aufenthaltsstatus am Tag: Aufenthaltserlaubnis)“).
struct FailedCondition {
    std::uint32_t global = 0;
    std::string text;
};

// The most specific failed conditions (rules) below the series output.
std::vector<FailedCondition> failed_conditions(const Program& program, const TraceSnapshot& snapshot);

}  // namespace klappt
