// Where a definition's text ends in its rule file: the furthest end of its own span and of
// every node of its value, versions and exceptions (a formula may run over many lines).
// The linter's fix deletes up to there; the documentation shows the formula up to there.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "dsl/node_operands.hpp"
#include "dsl/rule_set.hpp"

namespace klappt::authoring {

// `module`: count only the nodes of that module (a text is cut out of that module's file).
inline std::uint32_t definition_end(const RuleSet& rules, const Definition& def,
                                    std::optional<std::uint32_t> module = std::nullopt) {
    std::uint32_t end = def.span.end;
    std::vector<NodeId> stack;
    auto push = [&](NodeId id) {
        if (id != kNoNode) stack.push_back(id);
    };
    push(def.value);
    for (auto& v : def.versions) push(v.value);
    for (auto& e : def.exceptions) push(e.condition), push(e.value);
    while (!stack.empty()) {
        const Node& n = rules.nodes[stack.back()];
        stack.pop_back();
        if (!module || n.module == *module) end = std::max(end, n.span.end);
        for_each_operand(n, rules.children, [&](const NodeId& c) { stack.push_back(c); });
    }
    return end;
}

}  // namespace klappt::authoring
