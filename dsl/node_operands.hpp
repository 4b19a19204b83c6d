// The operands of a node of the checked rule set: the one place that knows which fields
// of a Node (a, b, c, children) refer to other nodes.  Used wherever the node graph is
// walked (inlining in engine/runtime/program.cpp, the evaluation depth in dsl/evaluation_depth.cpp).
#pragma once

#include <vector>

#include "dsl/rule_set.hpp"

namespace klappt {

// A node that refers to no other node: a constant, or a name whose value comes from
// elsewhere (an input, a parameter, a definition, a module parameter, a comprehension's binder).
constexpr bool is_leaf(Op op) {
    switch (op) {
        case Op::constant:
        case Op::input:
        case Op::param:
        case Op::definition:
        case Op::own_definition:
        case Op::module_param:
        case Op::binder: return true;
        default: return false;
    }
}

// Calls f(id) for every field of `n` that refers to another node (with NodeId& when `n`
// and `children` are mutable, so callers may replace operands).  The operands of
// `reasons` and `uses_example_values` name definitions and are not visited.
template <typename N, typename C, typename F>
void for_each_operand(N& n, C& children, F&& f) {
    auto opt = [&](auto& id) {
        if (id != kNoNode) f(id);
    };
    if (is_leaf(n.op)) return;
    if (is_comprehension(n.op)) {  // list, condition (optional), body (optional)
        f(n.a), opt(n.b), opt(n.c);
        return;
    }
    switch (n.op) {
        case Op::reasons:
        case Op::uses_example_values: return;  // their operands name definitions: never replaced
        case Op::if_then_else:
            f(n.a), f(n.b), f(n.c);
            break;
        case Op::instance_member:
        case Op::field:
        case Op::logical_not:
        case Op::is_set:
        case Op::is_not_set:
        case Op::negate_int:
        case Op::negate_decimal:
        case Op::negate_money:
        case Op::negate_duration:
        case Op::to_decimal:
        case Op::in_set:
        case Op::not_in_set: f(n.a); break;
        case Op::instantiate:
        case Op::record_literal:
        case Op::list_literal: break;  // children only (a is a module or record index)
        default:
            if (n.child_count == 0) f(n.a), f(n.b);  // binary operations
            break;
    }
    for (std::uint32_t i = 0; i < n.child_count; ++i) f(children[n.first_child + i]);
}

}  // namespace klappt
