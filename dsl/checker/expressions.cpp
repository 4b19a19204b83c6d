// Typing expressions: literals, operators, `if`, `in`, lists and records; and the silent
// conversions the language allows (int → decimal, T → T?) with the repair of a literal
// written without its unit.
#include "dsl/checker/checker_impl.hpp"

#include <date/date.h>

#include <algorithm>
#include <cstdio>

#include "dsl/limits.hpp"
#include "dsl/operators.hpp"

namespace klappt::dsl::checking {

namespace {

// The arithmetic operators' typing: for an operator and the kinds of its operands, the IR
// operation and the result's type.  `commutes`: the operands may also stand the other way
// round (`3 * betrag`); the IR operation then gets them in the order of the row.  Integers
// with decimals are widened to decimal (decimal_arithmetic), outside this table.
struct Arithmetic {
    ast::BinaryOp op;
    TypeKind left, right;
    Op ir;
    TypeId result;
    bool commutes;
};
constexpr Arithmetic kArithmetic[] = {
    {ast::BinaryOp::add, TypeKind::integer, TypeKind::integer, Op::add_int, TypeTable::integer, false},
    {ast::BinaryOp::sub, TypeKind::integer, TypeKind::integer, Op::sub_int, TypeTable::integer, false},
    {ast::BinaryOp::add, TypeKind::money, TypeKind::money, Op::add_money, TypeTable::money, false},
    {ast::BinaryOp::sub, TypeKind::money, TypeKind::money, Op::sub_money, TypeTable::money, false},
    {ast::BinaryOp::add, TypeKind::date, TypeKind::duration, Op::add_date_duration, TypeTable::date, true},
    {ast::BinaryOp::sub, TypeKind::date, TypeKind::duration, Op::sub_date_duration, TypeTable::date, false},
    {ast::BinaryOp::add, TypeKind::duration, TypeKind::duration, Op::add_duration, TypeTable::duration, false},
    {ast::BinaryOp::sub, TypeKind::duration, TypeKind::duration, Op::sub_duration, TypeTable::duration, false},
    {ast::BinaryOp::mul, TypeKind::integer, TypeKind::integer, Op::mul_int, TypeTable::integer, false},
    {ast::BinaryOp::mul, TypeKind::money, TypeKind::integer, Op::mul_money_int, TypeTable::money, true},
    {ast::BinaryOp::mul, TypeKind::money, TypeKind::decimal, Op::mul_money_decimal, TypeTable::money, true},
    {ast::BinaryOp::mul, TypeKind::duration, TypeKind::integer, Op::mul_duration_int, TypeTable::duration, true},
    {ast::BinaryOp::div, TypeKind::integer, TypeKind::integer, Op::div_int, TypeTable::decimal, false},
    {ast::BinaryOp::div, TypeKind::money, TypeKind::integer, Op::div_money_int, TypeTable::money, false},
    {ast::BinaryOp::div, TypeKind::money, TypeKind::money, Op::div_money_money, TypeTable::decimal, false},
};

constexpr Op decimal_arithmetic(ast::BinaryOp op) {
    switch (op) {
        case ast::BinaryOp::add: return Op::add_decimal;
        case ast::BinaryOp::sub: return Op::sub_decimal;
        case ast::BinaryOp::mul: return Op::mul_decimal;
        default: return Op::div_decimal;
    }
}

}  // namespace

std::string op_text(ast::BinaryOp op) { return std::string(binary_operator(op).text); }

std::optional<DayNumber> day_number(const ast::DateLiteral& d) {
    date::year_month_day ymd{date::year{d.year}, date::month{d.month}, date::day{d.day}};
    if (!ymd.ok()) return std::nullopt;
    return static_cast<DayNumber>(date::sys_days{ymd}.time_since_epoch().count());
}

std::string why_no_such_day(const ast::DateLiteral& d) {
    static const char* const months[] = {"Januar", "Februar", "März",     "April",   "Mai",      "Juni",
                                         "Juli",   "August",  "September", "Oktober", "November", "Dezember"};
    if (d.month < 1 || d.month > 12) return "einen Monat " + std::to_string(d.month) + " gibt es nicht (01 bis 12)";
    date::year_month_day_last last{date::year{d.year}, date::month_day_last{date::month{d.month}}};
    std::string days = std::to_string(static_cast<unsigned>(last.day()));
    if (d.day < 1) return "einen Tag 00 gibt es nicht (01 bis " + days + ")";
    return "der " + std::string(months[d.month - 1]) + " " + std::to_string(d.year) + " hat " + days + " Tage";
}

namespace {

std::int64_t gcd64(std::int64_t a, std::int64_t b) {
    if (a < 0) a = -a;
    while (b != 0) {
        std::int64_t t = a % b;
        a = b;
        b = t;
    }
    return a == 0 ? 1 : a;
}

}  // namespace

// Converts `n` to `target` where the language allows it silently (int → decimal,
// T → T?); otherwise reports `what` and returns an error node.
NodeId Checker::coerce(NodeId n, TypeId target, Span span, const std::string& what) {
    TypeId t = type_of(n);
    if (t == target || kind(t) == TypeKind::error || kind(target) == TypeKind::error) return n;
    if (rs_.types.is_optional(target) && rs_.types.strip_optional(target) == t) return n;
    TypeId inner = rs_.types.strip_optional(target);
    if (t == TypeTable::integer && inner == TypeTable::decimal) return emit_.node(Op::to_decimal, TypeTable::decimal, span, n);
    std::string hint;
    if (rs_.types.is_optional(t) && rs_.types.strip_optional(t) == target)
        hint = " (der Wert kann fehlen: vorher mit „is set“ prüfen oder value_or(…) verwenden)";
    std::string fix = literal_fix(n, target);
    // How a literal of the target type is written — only where a number was written
    // without unit and there is no repair to propose (a name of type int is no typo).
    if (fix.empty() && unitless_number(n)) {
        if (inner == TypeTable::money) hint = " (Geldbeträge mit € und höchstens zwei Nachkommastellen schreiben, z. B. 37.50 €)";
        if (inner == TypeTable::date) hint = " (ein Datum schreibt sich JJJJ-MM-TT, z. B. 2023-01-31)";
    }
    if (!fix.empty()) hint.clear();
    Diagnostic& d = error(current_module_, span, what + ": erwartet " + tname(target) + ", gefunden " + tname(t) + hint);
    attach_fix(d, fix, rs_.nodes[n].span);
    return emit_.error_node(span);
}

// Whether `n` is a number written without unit: `55`, `1.5`, `-3` (not `5 %`).
bool Checker::unitless_number(NodeId n) const {
    const Node* node = &rs_.nodes[n];
    if (node->op == Op::negate_int || node->op == Op::negate_decimal) node = &rs_.nodes[node->a];
    if (node->op != Op::constant) return false;
    TypeKind k = rs_.constants[node->a].kind;
    if (k != TypeKind::integer && k != TypeKind::decimal) return false;
    std::string_view written = file_of(node->module)->text().substr(node->span.begin, node->span.end - node->span.begin);
    return written.find('%') == std::string_view::npos;
}

namespace {

// A text that names a calendar day, as JJJJ-MM-TT or TT.MM.JJJJ, written as a date literal
// (JJJJ-MM-TT); empty when it is none.
std::string date_literal_of(const std::string& text) {
    auto digits = [&](std::size_t from, std::size_t count, int& out) {
        out = 0;
        for (std::size_t i = from; i < from + count; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            out = out * 10 + (text[i] - '0');
        }
        return true;
    };
    int year = 0, month = 0, day = 0;
    bool iso = text.size() == 10 && text[4] == '-' && text[7] == '-' && digits(0, 4, year) && digits(5, 2, month) &&
               digits(8, 2, day);
    bool german = !iso && text.size() == 10 && text[2] == '.' && text[5] == '.' && digits(0, 2, day) &&
                  digits(3, 2, month) && digits(6, 4, year);
    if (!iso && !german) return "";
    if (!day_number(ast::DateLiteral{year, static_cast<unsigned>(month), static_cast<unsigned>(day)})) return "";
    char out[32];  // room for any int, so the compiler sees no truncation
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, day);
    return out;
}

}  // namespace

// The obvious repair of a literal written without its unit or as text where `want` is
// expected: `55` → `55 days`, `0` → `0 €`, `"F4"` → `F4`, `"14.03.2023"` → `2023-03-14`.
// The repair is always a literal of type `want`; empty when there is none.
std::string Checker::literal_fix(NodeId n, TypeId want) const {
    const Node& node = rs_.nodes[n];
    if (kind(node.type) == TypeKind::error) return "";
    TypeId target = rs_.types.strip_optional(want);
    TypeKind wk = kind(target);
    std::string written(file_of(node.module)->text().substr(node.span.begin, node.span.end - node.span.begin));
    if (unitless_number(n)) {
        bool whole = kind(node.type) == TypeKind::integer;
        if (whole && wk == TypeKind::duration) return written + (written == "1" ? " day" : " days");
        // A money literal has at most two decimal places (`1.234 €` would not parse).
        std::size_t point = written.find('.');
        if (wk == TypeKind::money && (point == std::string::npos || written.size() - point - 1 <= 2)) return written + " €";
        return "";
    }
    if (node.op != Op::constant) return "";
    const Constant& c = rs_.constants[node.a];
    if (c.kind == TypeKind::text && wk == TypeKind::enumeration) {
        const auto& values = rs_.enums[rs_.types[target].ref].values;
        if (std::find(values.begin(), values.end(), c.text) != values.end()) return c.text;
    }
    if (c.kind == TypeKind::text && wk == TypeKind::date) return date_literal_of(c.text);
    return "";
}

// Adds „meinten Sie …?“ and the fix to a diagnostic about a literal.
void Checker::attach_fix(Diagnostic& d, const std::string& replacement, Span span) {
    if (replacement.empty()) return;
    d.message += "; meinten Sie „" + replacement + "“?";
    d.fix = DiagnosticFix{span, replacement};
}

NodeId Checker::expr(const ast::Expr& e, Scope& s, TypeId expected) {
    NodeId id = std::visit([&](const auto& node) { return check(node, e, s, expected); }, e.node);
    // Inside `if x is set then …` (and after `x is set and …`) x has its non-optional type.
    if (!s.narrowed.empty() && rs_.types.is_optional(type_of(id)) && narrowed(s, path_of(e, text_of(s.module))))
        rs_.nodes[id].type = rs_.types.strip_optional(type_of(id));
    return id;
}

// A value whose type a declaration gives (`let x: T = …`, a field, a module parameter).
NodeId Checker::declared_value(const ast::Expr& e, Scope& s, TypeId declared) {
    if (kind(declared) != TypeKind::error || s.declared_type_unknown) return expr(e, s, declared);
    Scope inner = s;
    inner.declared_type_unknown = true;
    return expr(e, inner, declared);
}

NodeId Checker::check(const ast::BoolLiteral& b, const ast::Expr& e, Scope&, TypeId) {
    return emit_.constant(K(TypeKind::boolean, b.value ? 1 : 0), TypeTable::boolean, e.span);
}
NodeId Checker::check(const ast::IntLiteral& i, const ast::Expr& e, Scope&, TypeId expected) {
    if (rs_.types.strip_optional(expected) == TypeTable::decimal)
        return emit_.constant(K(TypeKind::decimal, i.value, 1), TypeTable::decimal, e.span);
    return emit_.constant(K(TypeKind::integer, i.value), TypeTable::integer, e.span);
}
NodeId Checker::check(const ast::DecimalLiteral& d, const ast::Expr& e, Scope&, TypeId) {
    std::int64_t den = 1;
    for (int i = 0; i < d.scale; ++i) den *= 10;
    std::int64_t g = gcd64(d.numerator, den);
    return emit_.constant(K(TypeKind::decimal, d.numerator / g, den / g), TypeTable::decimal, e.span);
}
NodeId Checker::check(const ast::MoneyLiteral& m, const ast::Expr& e, Scope&, TypeId) {
    return emit_.constant(K(TypeKind::money, m.cents), TypeTable::money, e.span);
}
NodeId Checker::check(const ast::DateLiteral& d, const ast::Expr& e, Scope&, TypeId) {
    auto day = day_number(d);
    if (!day) {
        error(current_module_, e.span, "ungültiges Datum " + text_at(e.span) + ": " + why_no_such_day(d));
        return emit_.error_node(e.span);
    }
    return emit_.constant(K(TypeKind::date, *day), TypeTable::date, e.span);
}
NodeId Checker::check(const ast::DurationLiteral& d, const ast::Expr& e, Scope&, TypeId) {
    Constant c = K(TypeKind::duration);
    switch (d.unit) {
        case ast::DurationUnit::days: c.b = d.count; break;
        case ast::DurationUnit::weeks: c.b = d.count * 7; break;
        case ast::DurationUnit::months: c.a = d.count; break;
        case ast::DurationUnit::years: c.a = d.count * 12; break;
    }
    if (static_cast<std::uint64_t>(d.count) > limits::kMaxDurationCount) {
        error(current_module_, e.span, "Dauer zu groß: " + text_at(e.span) + " (die Zahl vor der Einheit darf höchstens " +
                                           std::to_string(limits::kMaxDurationCount) + " sein)");
        return emit_.error_node(e.span);
    }
    return emit_.constant(c, TypeTable::duration, e.span);
}
NodeId Checker::check(const ast::TextLiteral& t, const ast::Expr& e, Scope&, TypeId) {
    return emit_.constant(K(TypeKind::text, 0, 0, t.value), TypeTable::text, e.span);
}

NodeId Checker::check(const ast::IsSet& is, const ast::Expr& e, Scope& s, TypeId) {
    NodeId operand = expr(*is.operand, s, TypeTable::error);
    if (is_error(operand)) return operand;
    if (!rs_.types.is_optional(type_of(operand))) {
        error(s.module, e.span, "„is set“ braucht einen Wert, der fehlen kann (Typ mit ?); dieser ist " +
                                    tname(type_of(operand)));
        return emit_.error_node(e.span);
    }
    return emit_.node(is.negated ? Op::is_not_set : Op::is_set, TypeTable::boolean, e.span, operand);
}

NodeId Checker::check(const ast::Unary& u, const ast::Expr& e, Scope& s, TypeId expected) {
    NodeId operand = expr(*u.operand, s, u.op == ast::UnaryOp::logical_not ? TypeTable::boolean : expected);
    if (is_error(operand)) return operand;
    TypeId t = type_of(operand);
    if (u.op == ast::UnaryOp::logical_not) {
        operand = coerce(operand, TypeTable::boolean, u.operand->span, "Operand von „not“");
        return emit_.node(Op::logical_not, TypeTable::boolean, e.span, operand);
    }
    switch (kind(t)) {
        case TypeKind::integer: return emit_.node(Op::negate_int, t, e.span, operand);
        case TypeKind::decimal: return emit_.node(Op::negate_decimal, t, e.span, operand);
        case TypeKind::money: return emit_.node(Op::negate_money, t, e.span, operand);
        case TypeKind::duration: return emit_.node(Op::negate_duration, t, e.span, operand);
        default:
            error(s.module, e.span, "„-“ ist für " + tname(t) + " nicht definiert");
            return emit_.error_node(e.span);
    }
}

NodeId Checker::check(const ast::Binary& b, const ast::Expr& e, Scope& s, TypeId) {
    using B = ast::BinaryOp;
    if (b.op == B::logical_and || b.op == B::logical_or) {
        NodeId lhs = coerce(expr(*b.lhs, s, TypeTable::boolean), TypeTable::boolean, b.lhs->span,
                            std::string("linke Seite von „") + op_text(b.op) + "“");
        Scope rs = s;
        narrowing_facts(*b.lhs, b.op == B::logical_and, text_of(s.module), rs.narrowed);
        NodeId rhs = coerce(expr(*b.rhs, rs, TypeTable::boolean), TypeTable::boolean, b.rhs->span,
                            std::string("rechte Seite von „") + op_text(b.op) + "“");
        return emit_.node(b.op == B::logical_and ? Op::logical_and : Op::logical_or, TypeTable::boolean, e.span, lhs, rhs);
    }
    if (b.op == B::in || b.op == B::not_in) return check_in(b, e, s);

    NodeId lhs = expr(*b.lhs, s, TypeTable::error);
    // The left side's type helps to read a bare enum value on the right.
    NodeId rhs = expr(*b.rhs, s, type_of(lhs));
    if (is_error(lhs) || is_error(rhs)) return emit_.error_node(e.span);
    TypeId lt = type_of(lhs), rt = type_of(rhs);
    TypeKind lk = kind(lt), rk = kind(rt);
    auto mismatch = [&]() {
        std::string hint;
        if (rs_.types.is_optional(lt) || rs_.types.is_optional(rt))
            hint = " (ein Wert kann fehlen: vorher mit „is set“ prüfen oder value_or(…) verwenden)";
        Diagnostic& d = error(s.module, b.op_span, std::string("„") + op_text(b.op) + "“ ist für " + tname(lt) +
                                                       " und " + tname(rt) + " nicht definiert" + hint);
        // A literal beside a date in `+` and `-` is meant as a duration (`beginn + 55` → `55 days`);
        // elsewhere as a value of the other side's type (`betrag > 0` → `0 €`).
        auto partner = [&](TypeId other, bool right) {
            bool shifts_date = b.op == B::add || (right && b.op == B::sub);
            return shifts_date && kind(other) == TypeKind::date ? TypeTable::duration : other;
        };
        if (std::string fix = literal_fix(rhs, partner(lt, true)); !fix.empty()) attach_fix(d, fix, rs_.nodes[rhs].span);
        else attach_fix(d, literal_fix(lhs, partner(rt, false)), rs_.nodes[lhs].span);
        return emit_.error_node(e.span);
    };
    auto numeric = [](TypeKind k) { return k == TypeKind::integer || k == TypeKind::decimal; };

    switch (b.op) {
        case B::add:
        case B::sub:
        case B::mul:
        case B::div: {
            for (const Arithmetic& rule : kArithmetic) {
                if (rule.op != b.op) continue;
                if (rule.left == lk && rule.right == rk) return emit_.node(rule.ir, rule.result, e.span, lhs, rhs);
                if (rule.commutes && rule.left == rk && rule.right == lk)
                    return emit_.node(rule.ir, rule.result, e.span, rhs, lhs);
            }
            if (numeric(lk) && numeric(rk))  // int with decimal: both widened
                return emit_.node(decimal_arithmetic(b.op), TypeTable::decimal, e.span, emit_.to_decimal(lhs),
                                  emit_.to_decimal(rhs));
            if (b.op == B::sub && lk == TypeKind::date && rk == TypeKind::date) {
                error(s.module, b.op_span, "Datum minus Datum ist nicht definiert; für die Anzahl der Tage "
                                           "days(von, bis) verwenden (zählt beide Tage mit)");
                return emit_.error_node(e.span);
            }
            return mismatch();
        }
        case B::eq:
        case B::ne: {
            TypeId lb = rs_.types.strip_optional(lt), rb = rs_.types.strip_optional(rt);
            Op op = b.op == B::eq ? Op::eq : Op::ne;
            if (numeric(kind(lb)) && numeric(kind(rb)) && lb != rb) {
                if (rs_.types.is_optional(lt) || rs_.types.is_optional(rt)) return mismatch();
                NodeId id = emit_.node(op, TypeTable::boolean, e.span, emit_.to_decimal(lhs), emit_.to_decimal(rhs));
                rs_.nodes[id].operand_kind = TypeKind::decimal;
                return id;
            }
            if (lb != rb) return mismatch();
            TypeKind k = kind(lb);
            if (k == TypeKind::list || k == TypeKind::record || k == TypeKind::instance) {
                error(s.module, b.op_span, "Listen, Datensätze und Modulwerte lassen sich nicht mit „" +
                                               std::string(op_text(b.op)) + "“ vergleichen");
                return emit_.error_node(e.span);
            }
            NodeId id = emit_.node(op, TypeTable::boolean, e.span, lhs, rhs);
            rs_.nodes[id].operand_kind = k;
            return id;
        }
        case B::lt:
        case B::le:
        case B::gt:
        case B::ge: {
            Op op = b.op == B::lt ? Op::lt : b.op == B::le ? Op::le : b.op == B::gt ? Op::gt : Op::ge;
            TypeKind k;
            if (lk == TypeKind::integer && rk == TypeKind::integer) k = TypeKind::integer;
            else if (numeric(lk) && numeric(rk)) {
                lhs = emit_.to_decimal(lhs);
                rhs = emit_.to_decimal(rhs);
                k = TypeKind::decimal;
            } else if (lt == rt && (lk == TypeKind::money || lk == TypeKind::date)) k = lk;
            else return mismatch();
            NodeId id = emit_.node(op, TypeTable::boolean, e.span, lhs, rhs);
            rs_.nodes[id].operand_kind = k;
            return id;
        }
        default: return mismatch();
    }
}

NodeId Checker::check_in(const ast::Binary& b, const ast::Expr& e, Scope& s) {
    bool negated = b.op == ast::BinaryOp::not_in;
    NodeId element = expr(*b.lhs, s, TypeTable::error);
    TypeId et = rs_.types.strip_optional(type_of(element));
    if (TypeKind k = kind(et); k == TypeKind::record || k == TypeKind::list || k == TypeKind::instance) {
        error(s.module, b.op_span, std::string("„") + op_text(b.op) + "“ vergleicht einzelne Werte; Datensätze, "
                                   "Listen und Modulwerte lassen sich so nicht suchen (any(x in liste: …) verwenden)");
        return emit_.error_node(e.span);
    }
    if (auto* set = std::get_if<ast::SetLiteral>(&b.rhs->node)) {
        std::vector<NodeId> members;
        for (auto& m : set->elements) {
            NodeId n = expr(*m, s, et);
            if (!is_error(element) && !is_error(n) && type_of(n) != et) {
                Diagnostic& d = error(s.module, m->span, "Element der Menge: erwartet " + tname(et) +
                                                             ", gefunden " + tname(type_of(n)));
                attach_fix(d, literal_fix(n, et), rs_.nodes[n].span);
                n = emit_.error_node(m->span);
            }
            members.push_back(n);
        }
        if (is_error(element)) return element;
        NodeId id = emit_.nary(negated ? Op::not_in_set : Op::in_set, TypeTable::boolean, e.span, members, element);
        rs_.nodes[id].operand_kind = kind(et);
        return id;
    }
    NodeId list = expr(*b.rhs, s, rs_.types.list_of(et));
    if (is_error(element) || is_error(list)) return emit_.error_node(e.span);
    TypeId lt = type_of(list);
    if (kind(lt) != TypeKind::list || rs_.types.strip_optional(rs_.types[lt].ref) != et) {
        error(s.module, b.rhs->span, std::string("rechts von „") + op_text(b.op) + "“ erwartet eine Menge {…} "
                                     "oder eine Liste von " + tname(et) + ", gefunden " + tname(lt));
        return emit_.error_node(e.span);
    }
    NodeId id = emit_.node(negated ? Op::not_in_list : Op::in_list, TypeTable::boolean, e.span, element, list);
    rs_.nodes[id].operand_kind = kind(et);
    return id;
}

NodeId Checker::check(const ast::If& i, const ast::Expr& e, Scope& s, TypeId expected) {
    NodeId cond = coerce(expr(*i.condition, s, TypeTable::boolean), TypeTable::boolean, i.condition->span,
                         "Bedingung von „if“");
    Scope then_scope = s, else_scope = s;
    narrowing_facts(*i.condition, true, text_of(s.module), then_scope.narrowed);
    narrowing_facts(*i.condition, false, text_of(s.module), else_scope.narrowed);
    NodeId a = expr(*i.then_branch, then_scope, expected);
    NodeId b = expr(*i.else_branch, else_scope, kind(expected) == TypeKind::error ? type_of(a) : expected);
    if (is_error(a) || is_error(b)) return emit_.error_node(e.span);
    TypeId ta = type_of(a), tb = type_of(b);
    TypeId result = ta;
    if (ta != tb) {
        if ((ta == TypeTable::integer && tb == TypeTable::decimal) ||
            (ta == TypeTable::decimal && tb == TypeTable::integer)) {
            a = emit_.to_decimal(a);
            b = emit_.to_decimal(b);
            result = TypeTable::decimal;
        } else if (rs_.types.strip_optional(ta) == rs_.types.strip_optional(tb)) {
            result = rs_.types.optional_of(ta);
        } else if (kind(ta) == TypeKind::list && kind(tb) == TypeKind::list && rs_.types[tb].ref == TypeTable::error) {
            result = ta;
        } else {
            error(s.module, e.span, "die Zweige von „if“ haben verschiedene Typen: " + tname(ta) + " und " +
                                        tname(tb));
            return emit_.error_node(e.span);
        }
    }
    return emit_.node(Op::if_then_else, result, e.span, cond, a, b);
}

NodeId Checker::check(const ast::Invalid&, const ast::Expr& e, Scope&, TypeId) { return emit_.error_node(e.span); }

NodeId Checker::check(const ast::SetLiteral&, const ast::Expr& e, Scope& s, TypeId) {
    error(s.module, e.span, "Mengen {…} gibt es nur rechts von „in“; für eine Liste […] schreiben");
    return emit_.error_node(e.span);
}

NodeId Checker::check(const ast::ListLiteral& l, const ast::Expr& e, Scope& s, TypeId expected) {
    TypeId element = kind(expected) == TypeKind::list ? rs_.types[expected].ref : TypeTable::error;
    std::vector<NodeId> items;
    for (auto& item : l.elements) {
        NodeId n = expr(*item, s, element);
        if (element == TypeTable::error && !is_error(n)) element = type_of(n);
        else if (!is_error(n)) n = coerce(n, element, item->span, "Listenelement");
        items.push_back(n);
    }
    if (l.elements.empty() && element == TypeTable::error) {
        if (s.declared_type_unknown) return emit_.error_node(e.span);
        error(s.module, e.span, "der Typ einer leeren Liste ist hier nicht bekannt; Typ an der Definition angeben "
                                "(z. B. let termine: list of date = [])");
        return emit_.error_node(e.span);
    }
    return emit_.nary(Op::list_literal, rs_.types.list_of(element), e.span, items);
}

NodeId Checker::check(const ast::RecordLiteral& r, const ast::Expr& e, Scope& s, TypeId) {
    auto it = record_index_.find(r.type_name.name);
    if (it == record_index_.end()) {
        std::vector<std::string> names;
        for (auto& [n, _] : record_index_) names.push_back(n);
        error(s.module, r.type_name.span, "unbekannter Datensatz „" + r.type_name.name + "“" +
                                              did_you_mean(r.type_name.name, names));
        return emit_.error_node(e.span);
    }
    const RecordType& record = rs_.records[it->second];
    std::vector<NodeId> values(record.fields.size(), kNoNode);
    std::vector<std::string> names;
    for (auto& f : record.fields) names.push_back(f.name);
    bool failed = false;
    for (auto& f : r.fields) {
        auto pos = std::find(names.begin(), names.end(), f.name.name);
        if (pos == names.end()) {
            error(s.module, f.name.span, "„" + record.name + "“ hat kein Feld „" + f.name.name + "“" +
                                             did_you_mean(f.name.name, names));
            failed = true;
            continue;
        }
        auto idx = static_cast<std::size_t>(pos - names.begin());
        if (values[idx] != kNoNode) {
            error(s.module, f.name.span, "Feld „" + f.name.name + "“ ist doppelt angegeben");
            failed = true;
            continue;
        }
        TypeId ft = record.fields[idx].type;
        values[idx] = coerce(declared_value(*f.value, s, ft), ft, f.value->span, "Feld „" + f.name.name + "“");
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] != kNoNode) continue;
        const FieldType& f = rs_.records[it->second].fields[i];
        if (f.default_value) values[i] = emit_.constant(*f.default_value, f.type, e.span);
        else if (rs_.types.is_optional(f.type)) values[i] = emit_.constant(none_constant(), f.type, e.span);
        else {
            error(s.module, e.span, "Feld „" + f.name + "“ von „" + record.name + "“ fehlt");
            failed = true;
        }
    }
    if (failed) return emit_.error_node(e.span);
    return emit_.nary(Op::record_literal, rs_.types.intern(TypeKind::record, it->second), e.span, values, it->second);
}

}  // namespace klappt::dsl::checking
