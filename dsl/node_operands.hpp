// The operands of a node of the checked rule set: which of a node's fields (a, b, c,
// children) refer to other nodes.  One place for this knowledge, used by the evaluator's
// inlining (engine/program.cpp) and by the author tools (references, lint, docs, lsp).
#pragma once

#include "dsl/rule_set.hpp"

namespace klappt {

// Calls f(NodeId&) for every field of `n` that refers to another node.
// Works on a const node too (then f gets `const NodeId&`).
template <typename NodeT, typename Children, typename F>
void for_each_operand(NodeT& n, Children& children, F&& f) {
    auto opt = [&](auto& id) {
        if (id != kNoNode) f(id);
    };
    if (is_comprehension(n.op)) {  // list, condition (optional), body (optional)
        f(n.a), opt(n.b), opt(n.c);
        return;
    }
    switch (n.op) {
        case Op::constant:
        case Op::input:
        case Op::param:
        case Op::definition:
        case Op::own_definition:
        case Op::module_param:
        case Op::binder: return;
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
