// IR emission: how the checker writes the rule set's nodes, constants and child lists
// (dsl/rule_set.hpp).  The typing rules (the other files of dsl/checker/) decide which
// operation a piece of rule text becomes and of what type; this is the one place that
// appends it, so the layout of the IR (flat node array, `children` ranges, constant pool)
// is known here only.  Inline: the checker emits one node per piece of every expression.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "dsl/rule_set.hpp"

namespace klappt::dsl::checking {

// A constant of `kind` (see Constant for what `a`, `b` and `text` hold per kind).
inline Constant K(TypeKind kind, std::int64_t a = 0, std::int64_t b = 0, std::string text = "") {
    Constant c;
    c.kind = kind;
    c.a = a;
    c.b = b;
    c.text = std::move(text);
    return c;
}

inline Constant none_constant() {
    Constant c;
    c.kind = TypeKind::optional;
    c.none = true;
    return c;
}

class IrEmitter {
public:
    // `module`: the module whose text is being checked; every node records it.
    IrEmitter(RuleSet& rs, const std::uint32_t& module) : rs_(rs), module_(module) {}

    NodeId node(Op op, TypeId type, Span span, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0) {
        Node n;
        n.op = op;
        n.type = type;
        n.span = span;
        n.a = a;
        n.b = b;
        n.c = c;
        n.module = static_cast<std::uint16_t>(module_);
        rs_.nodes.push_back(n);
        return static_cast<NodeId>(rs_.nodes.size() - 1);
    }

    // A node with a list of children (arguments, elements, field values).
    NodeId nary(Op op, TypeId type, Span span, const std::vector<NodeId>& kids, std::uint32_t a = 0) {
        NodeId id = node(op, type, span, a);
        rs_.nodes[id].first_child = static_cast<std::uint32_t>(rs_.children.size());
        rs_.nodes[id].child_count = static_cast<std::uint32_t>(kids.size());
        rs_.children.insert(rs_.children.end(), kids.begin(), kids.end());
        return id;
    }

    NodeId constant(Constant c, TypeId type, Span span) {
        rs_.constants.push_back(std::move(c));
        return node(Op::constant, type, span, static_cast<std::uint32_t>(rs_.constants.size() - 1));
    }

    // What an expression that failed to check becomes: nothing built on it is reported again.
    NodeId error_node(Span span) { return node(Op::constant, TypeTable::error, span); }

    // An int operand where decimal arithmetic needs a decimal.
    NodeId to_decimal(NodeId n) {
        if (rs_.nodes[n].type == TypeTable::integer)
            return node(Op::to_decimal, TypeTable::decimal, rs_.nodes[n].span, n);
        return n;
    }

private:
    RuleSet& rs_;
    const std::uint32_t& module_;
};

}  // namespace klappt::dsl::checking
