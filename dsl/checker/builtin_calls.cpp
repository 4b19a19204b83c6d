// Calls: of a module (instantiation.cpp), a comprehension (comprehensions.cpp), or a
// built-in function, typed by the rule its row in dsl/builtins.hpp names — one function
// per Builtin::Typing below.  The operation each emits is the row's `call_op`.
#include "dsl/checker/checker_impl.hpp"

#include <algorithm>

#include "dsl/builtins.hpp"

namespace klappt::dsl::checking {

namespace {

// `name(x in liste …)`: one unnamed argument `x in …` with a bare name on the left.
bool is_comprehension(const ast::Call& c) {
    if (c.args.size() != 1 || c.args[0].name) return false;
    auto* b = std::get_if<ast::Binary>(&c.args[0].value->node);
    return b && b->op == ast::BinaryOp::in && std::holds_alternative<ast::NameRef>(b->lhs->node);
}

std::vector<std::string> builtin_names() {
    std::vector<std::string> out;
    for (const Builtin& b : builtins()) out.emplace_back(b.name);
    return out;
}

}  // namespace

NodeId Checker::check(const ast::Call& c, const ast::Expr& e, Scope& s, TypeId expected) {
    const std::string& name = c.callee.name;
    // Definitions cannot be called, so a call always means a module, even when a
    // definition of the same name exists (`output zielgruppe = zielgruppe(am: stichtag).ergebnis`).
    if (auto mi = module_index_.find(name); mi != module_index_.end()) return instantiate(mi->second, c, e, s);
    const Builtin* b = find_builtin(name);
    if (b && b->comprehension() && is_comprehension(c)) return comprehension(*b, c, e, s);
    for (auto& a : c.args)
        if (a.where || a.body) {
            error(s.module, a.span, "„where“ und „:“ gibt es nur in Aufrufen wie " + name + "(x in liste …)");
            return emit_.error_node(e.span);
        }
    if (!b) {
        error(s.module, c.callee.span, "unbekannte Funktion „" + name + "“" + did_you_mean(name, builtin_names()));
        return emit_.error_node(e.span);
    }
    return builtin(*b, c, e, s, expected);
}

NodeId Checker::builtin(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s, TypeId expected) {
    switch (b.typing) {
        case Builtin::Typing::signature: return signature_call(b, c, e, s);
        case Builtin::Typing::blank_test: return blank_test(b, c, e, s);
        case Builtin::Typing::value_or: return value_or_call(b, c, e, s, expected);
        case Builtin::Typing::extremum: return extremum(b, c, e, s);
        case Builtin::Typing::conditions: return conditions(b, c, e, s);
        case Builtin::Typing::list_count: return list_count(b, c, e, s);
        case Builtin::Typing::definitions: return definitions_call(b, c, e, s);
        case Builtin::Typing::format: return format_call(b, c, e, s);
        case Builtin::Typing::none: break;  // only as `name(x in liste …)`
    }
    return arity(e, s, std::string(b.name), b.expects);
}

// A fixed list of typed parameters, each given by position or by name (`age(g, on: stichtag)`).
NodeId Checker::signature_call(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s) {
    const std::string name(b.name);
    auto params = b.signature();
    std::string sig;
    for (auto& p : params) sig += (sig.empty() ? "" : ", ") + std::string(p.name);
    std::vector<NodeId> out(params.size(), kNoNode);
    std::size_t positional = 0;
    for (auto& a : c.args) {
        std::size_t idx;
        if (a.name) {
            auto pos = std::find_if(params.begin(), params.end(), [&](auto& p) { return a.name->name == p.name; });
            if (pos == params.end()) {
                std::vector<std::string> names;
                for (auto& p : params) names.push_back(p.name);
                error(s.module, a.name->span, name + "(…) hat kein Argument „" + a.name->name + "“" +
                                                  did_you_mean(a.name->name, names));
                return emit_.error_node(e.span);
            }
            idx = static_cast<std::size_t>(pos - params.begin());
        } else {
            idx = positional++;
        }
        if (idx >= params.size()) {
            error(s.module, a.span, name + "(" + sig + ") hat nur " + std::to_string(params.size()) +
                                        (params.size() == 1 ? " Argument" : " Argumente") + "; dieses ist zu viel");
            return emit_.error_node(e.span);
        }
        if (out[idx] != kNoNode) {
            error(s.module, a.span, "Argument „" + std::string(params[idx].name) + "“ ist doppelt angegeben");
            return emit_.error_node(e.span);
        }
        NodeId n = expr(*a.value, s, params[idx].type);
        out[idx] = coerce(n, params[idx].type, a.value->span, name + "(…), Argument „" + params[idx].name + "“");
        if (is_error(out[idx])) return emit_.error_node(e.span);
    }
    for (std::size_t i = 0; i < out.size(); ++i)
        if (out[i] == kNoNode) {
            error(s.module, e.span, name + "(" + sig + "): Argument „" + params[i].name + "“ fehlt");
            return emit_.error_node(e.span);
        }
    return emit_.nary(b.call_op, b.result, e.span, out);
}

NodeId Checker::blank_test(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s) {
    if (c.args.size() != 1 || c.args[0].name) return arity(e, s, std::string(b.name), b.expects);
    NodeId a = expr(*c.args[0].value, s, TypeTable::text);
    if (is_error(a)) return a;
    if (rs_.types.strip_optional(type_of(a)) != TypeTable::text) {
        error(s.module, c.args[0].value->span, std::string(b.name) + "(…) braucht text oder text?, gefunden " +
                                                   tname(type_of(a)));
        return emit_.error_node(e.span);
    }
    return emit_.nary(b.call_op, TypeTable::boolean, e.span, {a});
}

NodeId Checker::value_or_call(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s, TypeId expected) {
    if (c.args.size() != 2 || c.args[0].name || c.args[1].name) return arity(e, s, std::string(b.name), b.expects);
    NodeId a = expr(*c.args[0].value, s, rs_.types.optional_of(expected));
    if (is_error(a)) return a;
    TypeId inner = rs_.types.strip_optional(type_of(a));
    if (!rs_.types.is_optional(type_of(a))) {
        error(s.module, c.args[0].value->span, std::string(b.name) +
                                                   "(…) braucht einen Wert, der fehlen kann; dieser ist " +
                                                   tname(type_of(a)));
        return emit_.error_node(e.span);
    }
    NodeId fallback = coerce(expr(*c.args[1].value, s, inner), inner, c.args[1].value->span, "Ersatzwert");
    if (is_error(fallback)) return fallback;
    return emit_.nary(b.call_op, inner, e.span, {a, fallback});
}

// min/max of numbers or amounts (int and decimal mixed give decimal), earliest/latest of dates.
NodeId Checker::extremum(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s) {
    const std::string name(b.name);
    bool dates = b.operands == Builtin::Operands::dates;
    if (c.args.size() < 2) return arity(e, s, name, b.expects);
    std::vector<NodeId> args;
    bool any_decimal = false;
    TypeKind k = TypeKind::error;
    TypeId first = TypeTable::error;
    for (auto& a : c.args) {
        if (a.name) return arity(e, s, name, "Werte ohne Namen");
        NodeId n = expr(*a.value, s, TypeTable::error);
        if (is_error(n)) return n;
        TypeKind nk = kind(type_of(n));
        bool ok = dates ? nk == TypeKind::date
                        : (nk == TypeKind::integer || nk == TypeKind::decimal || nk == TypeKind::money);
        if (!ok) {
            error(s.module, a.value->span, name + "(…) braucht " + (dates ? "Daten (date)" : "Zahlen oder Beträge") +
                                               ", gefunden " + tname(type_of(n)));
            return emit_.error_node(e.span);
        }
        if (nk == TypeKind::decimal) any_decimal = true;
        if (k == TypeKind::error) {
            k = nk;
            first = type_of(n);
        } else if (k != nk && !((k == TypeKind::integer || k == TypeKind::decimal) &&
                              (nk == TypeKind::integer || nk == TypeKind::decimal))) {
            error(s.module, a.value->span, name + "(…): alle Werte brauchen denselben Typ; der erste ist " + tname(first) +
                                               ", dieser " + tname(type_of(n)));
            return emit_.error_node(e.span);
        }
        args.push_back(n);
    }
    if (any_decimal) {
        for (auto& a : args) a = emit_.to_decimal(a);
        k = TypeKind::decimal;
    }
    TypeId result = type_of(args[0]);
    NodeId id = emit_.nary(b.call_op, result, e.span, args);
    rs_.nodes[id].operand_kind = k;
    return id;
}

// all_of/any_of: unlike and/or, every condition is evaluated (and explained).
NodeId Checker::conditions(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s) {
    const std::string name(b.name);
    if (c.args.empty()) return arity(e, s, name, b.expects);
    std::vector<NodeId> conditions;
    for (auto& a : c.args) {
        if (a.name) return arity(e, s, name, "Bedingungen ohne Namen");
        NodeId n = coerce(expr(*a.value, s, TypeTable::boolean), TypeTable::boolean, a.value->span, name + "(…)");
        if (is_error(n)) return n;
        conditions.push_back(n);
    }
    return emit_.nary(b.call_op, TypeTable::boolean, e.span, conditions);
}

// count(liste); count(x in liste where …) is a comprehension.
NodeId Checker::list_count(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s) {
    if (c.args.size() != 1 || c.args[0].name) return arity(e, s, std::string(b.name), b.expects);
    NodeId a = expr(*c.args[0].value, s, TypeTable::error);
    if (is_error(a)) return a;
    if (kind(type_of(a)) != TypeKind::list) {
        error(s.module, c.args[0].value->span, std::string(b.name) + "(…) braucht eine Liste, gefunden " +
                                                   tname(type_of(a)));
        return emit_.error_node(e.span);
    }
    return emit_.nary(b.call_op, TypeTable::integer, e.span, {a});
}

// reasons(regel): the deciding reasons of one rule, as a list of Grund;
// uses_example_values(a, b …): whether any of them reached a parameter's example value.
NodeId Checker::definitions_call(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s) {
    const std::string name(b.name);
    bool reasons = b.call_op == Op::reasons;
    if (c.args.empty() || (reasons && c.args.size() != 1)) return arity(e, s, name, b.expects);
    std::vector<NodeId> refs;
    for (auto& a : c.args) {
        NodeId n = expr(*a.value, s, TypeTable::error);
        if (is_error(n)) return n;
        Op op = rs_.nodes[n].op;
        if (op != Op::definition && op != Op::own_definition && op != Op::instance_member) {
            error(s.module, a.value->span, name + "(…) braucht den Namen einer Definition");
            return emit_.error_node(e.span);
        }
        if (reasons && type_of(n) != TypeTable::boolean) {
            error(s.module, a.value->span, name + "(…) braucht eine Regel (bool), gefunden " + tname(type_of(n)));
            return emit_.error_node(e.span);
        }
        refs.push_back(n);
    }
    rs_.uses_explanations = true;
    TypeId result = reasons ? rs_.types.list_of(rs_.types.intern(TypeKind::record, rs_.reason_record))
                            : TypeTable::boolean;
    return emit_.nary(b.call_op, result, e.span, refs);
}

// format("{} weitergeleitet, Pauschalen ergeben {}", betrag, soll): a text with each `{}`
// replaced by the German rendering of the next value (9.000,00 €, 31.12.2021, 0,5, ja,
// an enum value's label, „—“ for none); `{{` and `}}` stand for braces.  The template is
// a literal, so a wrong number of values is found before any case is evaluated.
NodeId Checker::format_call(const Builtin& b, const ast::Call& c, const ast::Expr& e, Scope& s) {
    const std::string name(b.name);
    if (c.args.empty()) return arity(e, s, name, b.expects);
    for (auto& a : c.args)
        if (a.name) return arity(e, s, name, b.expects);
    auto* literal = std::get_if<ast::TextLiteral>(&c.args[0].value->node);
    if (!literal) {
        error(s.module, c.args[0].value->span, "format(…): die Vorlage muss ein Text in Anführungszeichen sein");
        return emit_.error_node(e.span);
    }
    std::optional<std::size_t> holes = format_placeholders(literal->value);
    if (!holes) {
        error(s.module, c.args[0].value->span,
              "format(…): Platzhalter sind {}; „{“ und „}“ als Zeichen verdoppeln ({{ und }})");
        return emit_.error_node(e.span);
    }
    if (*holes != c.args.size() - 1) {
        error(s.module, e.span, "format(…): die Vorlage hat " + std::to_string(*holes) + " Platzhalter {}, aber " +
                                    std::to_string(c.args.size() - 1) + " Wert(e)");
        return emit_.error_node(e.span);
    }
    std::vector<NodeId> kids{expr(*c.args[0].value, s, TypeTable::text)};
    bool failed = false;
    for (std::size_t i = 1; i < c.args.size(); ++i) {
        NodeId n = expr(*c.args[i].value, s, TypeTable::error);
        if (is_error(n)) {
            failed = true;
            continue;
        }
        TypeKind k = kind(rs_.types.strip_optional(type_of(n)));
        if (k == TypeKind::list || k == TypeKind::record || k == TypeKind::instance) {
            error(s.module, c.args[i].value->span, "format(…) schreibt einzelne Werte, nicht " + tname(type_of(n)));
            failed = true;
            continue;
        }
        kids.push_back(n);
    }
    if (failed) return emit_.error_node(e.span);
    return emit_.nary(b.call_op, TypeTable::text, e.span, kids);
}

NodeId Checker::arity(const ast::Expr& e, Scope& s, const std::string& name, const std::string& what) {
    error(s.module, e.span, name + "(…) erwartet " + what);
    return emit_.error_node(e.span);
}

}  // namespace klappt::dsl::checking
