// Comprehensions: `name(x in liste where bedingung : wert)` for the built-ins that take one
// (dsl/builtins.hpp, ListTyping).
#include "dsl/checker/checker_impl.hpp"

#include <algorithm>

#include "dsl/builtins.hpp"

namespace klappt::dsl::checking {

NodeId Checker::comprehension(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s) {
    const std::string name(b.name);
    const ast::Argument& arg = c.args[0];
    auto& in = std::get<ast::Binary>(arg.value->node);
    const std::string& var = std::get<ast::NameRef>(in.lhs->node).name;
    NodeId list = expr(*in.rhs, s, TypeTable::error);
    if (is_error(list)) return list;
    TypeId lt = type_of(list);
    if (kind(lt) != TypeKind::list) {
        error(s.module, in.rhs->span, "nach „" + var + " in“ erwartet eine Liste, gefunden " + tname(lt));
        return emit_.error_node(e.span);
    }
    TypeId element = rs_.types[lt].ref;
    std::uint32_t slot = rs_.binder_count++;
    Scope inner = s;
    inner.binders.push_back({var, element, slot});
    // What `is set` proved about an outer `var` says nothing about this new one.
    inner.narrowed.erase(std::remove_if(inner.narrowed.begin(), inner.narrowed.end(),
                                        [&](const std::string& key) { return mentions(key, var); }),
                         inner.narrowed.end());
    NodeId where = kNoNode, body = kNoNode;
    if (arg.where)
        where = coerce(expr(*arg.where, inner, TypeTable::boolean), TypeTable::boolean, arg.where->span,
                       "Bedingung nach „where“");
    if (arg.where) narrowing_facts(*arg.where, true, text_of(s.module), inner.narrowed);
    if (arg.body) body = expr(*arg.body, inner, TypeTable::error);
    if ((where != kNoNode && is_error(where)) || (body != kNoNode && is_error(body))) return emit_.error_node(e.span);

    auto need_body = [&](const char* what) {
        error(s.module, arg.span, name + "(" + var + " in liste: …) braucht nach „:“ " + what);
        return emit_.error_node(e.span);
    };
    auto no_body = [&]() {
        error(s.module, arg.body->span, name + "(…) nimmt keinen Wert nach „:“; Bedingungen stehen nach „where“");
        return emit_.error_node(e.span);
    };
    auto make = [&](Op op, TypeId type, TypeKind operand = TypeKind::error) {
        NodeId id = emit_.node(op, type, e.span, list, where, body);
        rs_.nodes[id].binder = slot;
        rs_.nodes[id].operand_kind = operand;
        return id;
    };
    using L = Builtin::ListTyping;
    switch (b.list_typing) {
        case L::count:
        case L::filter:
        case L::first: {
            if (body != kNoNode) return no_body();
            TypeId type = b.list_typing == L::count    ? TypeTable::integer
                          : b.list_typing == L::filter ? lt
                                                       : rs_.types.optional_of(element);
            return make(b.list_op, type);
        }
        case L::quantifier: {
            if (body == kNoNode) return need_body("eine Bedingung");
            body = coerce(body, TypeTable::boolean, arg.body->span, "Bedingung");
            NodeId id = make(b.list_op, TypeTable::boolean);
            rs_.nodes[id].c = body;
            return id;
        }
        case L::map:
            if (body == kNoNode) return need_body("einen Wert");
            return make(b.list_op, rs_.types.list_of(type_of(body)));
        case L::sum:
        case L::extremum:
        case L::none: break;
    }
    // sum, min, max, earliest, latest: of the elements themselves when there is no body
    if (body == kNoNode) {
        body = emit_.node(Op::binder, element, in.lhs->span, slot);
    }
    TypeId bt = type_of(body);
    TypeKind bk = kind(bt);
    if (b.list_typing == L::sum) {
        if (bk != TypeKind::integer && bk != TypeKind::decimal && bk != TypeKind::money) {
            error(s.module, arg.span, name + "(…) addiert int, decimal oder money, nicht " + tname(bt));
            return emit_.error_node(e.span);
        }
        return make(b.list_op, bt, bk);
    }
    bool dates = b.operands == Builtin::Operands::dates;
    if (dates ? bk != TypeKind::date
              : (bk != TypeKind::integer && bk != TypeKind::decimal && bk != TypeKind::money)) {
        error(s.module, arg.span, name + "(…) braucht " + (dates ? "Daten (date)" : "Zahlen oder Beträge") +
                                      ", nicht " + tname(bt));
        return emit_.error_node(e.span);
    }
    return make(b.list_op, rs_.types.optional_of(bt), bk);
}

}  // namespace klappt::dsl::checking
