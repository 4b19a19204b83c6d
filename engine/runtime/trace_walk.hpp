// The definitions an evaluation reached, read off its trace: from every output (and any
// further roots), along the trace's definition edges, each (instance, definition) once.
// Rule-test coverage and `klappt diff`'s causes both walk the trace this way.
#pragma once

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "engine/runtime/evaluator.hpp"

namespace klappt {

// Forces every output of the started evaluation `ev`, then calls `each(frame, definition, slot)`
// once per definition reached.  The evaluation must have been traced.
template <typename Each>
void for_each_reached_definition(Evaluator& ev, std::vector<std::pair<Frame*, std::uint32_t>> roots, Each&& each) {
    const RuleSet& rules = ev.program().rules;
    std::set<std::pair<const Frame*, std::uint32_t>> seen;
    std::vector<std::pair<Frame*, std::uint32_t>>& stack = roots;
    for (std::size_t i = 0; i < rules.outputs.size(); ++i) {
        ev.output(i);
        stack.push_back({ev.singleton(rules.outputs[i].module), rules.outputs[i].definition});
    }
    while (!stack.empty()) {
        auto [frame, d] = stack.back();
        stack.pop_back();
        if (!frame || !seen.insert({frame, d}).second) continue;
        const Slot& slot = ev.slot(frame, d);
        each(frame, d, slot);
        for (const TraceEdge* e = ev.edges_begin(slot); e != ev.edges_end(slot); ++e)
            if (e->kind == TraceEdge::Kind::definition) stack.push_back({e->frame, e->index});
    }
}

}  // namespace klappt
