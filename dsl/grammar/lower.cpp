#include "dsl/grammar/lower.hpp"

#include <limits>

#include "dsl/grammar/template.hpp"
#include "dsl/operators.hpp"

namespace klappt::dsl::grammar {

namespace {

Span span_of(const pt::located& l) { return Span{l.span_begin, l.span_end}; }

ast::Identifier ident(const pt::identifier& i) { return {std::string(i), span_of(i)}; }

ast::Text text(const pt::string_lit& s) { return {std::string(s), span_of(s)}; }

std::optional<ast::Text> text(const boost::optional<pt::string_lit>& s) {
    if (!s) return std::nullopt;
    return text(*s);
}

template <typename T>
ast::ExprPtr make(T node, Span span) {
    return std::make_unique<ast::Expr>(ast::Expr{std::move(node), span});
}

// The operator as the grammar wrote it (binop in expression_def.hpp: only the table's texts).
const BinaryOperator& operator_of(const std::string& text) {
    const BinaryOperator* found = binary_operator(text);
    return found ? *found : binary_operator(ast::BinaryOp::div);
}

bool parse_int(const std::string& digits, std::int64_t& out) {
    out = 0;
    for (char c : digits) {
        if (out > (std::numeric_limits<std::int64_t>::max() - (c - '0')) / 10) return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

}  // namespace

bool Lowering::check_depth(std::size_t depth, Span span) {
    if (depth <= max_depth_) return true;
    if (!depth_reported_) {
        diagnostics_.error(source_, Span{span.begin, span.begin + 1},
                           "Ausdruck zu tief verschachtelt (höchstens " + std::to_string(max_depth_) + " Ebenen)");
        depth_reported_ = true;
    }
    return false;
}

ast::ExprPtr Lowering::error_expr(Span span) { return make(ast::Invalid{}, span); }

ast::ExprPtr Lowering::expression(pt::expression& e, std::size_t depth) {
    // Precedence climbing over the flat chain `first (op operand)*`.
    // Each nested expression is one level; a chain `a + b + c …` adds one per operator.
    depth += 1 + e.rest.size();
    if (!check_depth(depth, span_of(e))) return error_expr(span_of(e));
    std::vector<ast::ExprPtr> operands;
    std::vector<BinaryOperator> ops;
    std::vector<Span> op_spans;
    operands.push_back(unary(e.first, depth));
    auto reduce = [&]() {
        ast::ExprPtr rhs = std::move(operands.back());
        operands.pop_back();
        ast::ExprPtr lhs = std::move(operands.back());
        operands.pop_back();
        Span span{lhs->span.begin, rhs->span.end};
        operands.push_back(make(ast::Binary{ops.back().op, std::move(lhs), std::move(rhs), op_spans.back()}, span));
        ops.pop_back();
        op_spans.pop_back();
    };
    bool comparison_error = false;
    for (auto& operation : e.rest) {
        const BinaryOperator& info = operator_of(operation.op);
        Span op_span{operation.span_begin, operation.span_begin + static_cast<std::uint32_t>(operation.op.size())};
        while (!ops.empty() && ops.back().precedence >= info.precedence) {
            if (info.comparison && ops.back().comparison && ops.back().precedence == info.precedence &&
                !comparison_error) {
                diagnostics_.error(source_, op_span,
                                   "Vergleiche lassen sich nicht verketten; verbinden Sie sie mit „and“");
                comparison_error = true;
            }
            reduce();
        }
        ops.push_back(info);
        op_spans.push_back(op_span);
        operands.push_back(unary(operation.operand, depth));
    }
    while (!ops.empty()) reduce();
    if (comparison_error) return error_expr(span_of(e));  // reported once; no type errors on top
    return std::move(operands.front());
}

ast::ExprPtr Lowering::unary(pt::unary_expr& u, std::size_t depth) {
    depth += u.prefix.size();
    if (!check_depth(depth, span_of(u))) return error_expr(span_of(u));
    ast::ExprPtr operand = postfix(u.operand, depth);
    // Apply prefix operators from the innermost outwards.
    std::uint32_t start = u.span_begin;
    for (std::size_t i = u.prefix.size(); i-- > 0;) {
        ast::UnaryOp op = u.prefix[i] == "not" ? ast::UnaryOp::logical_not : ast::UnaryOp::negate;
        Span span{start, operand->span.end};  // before the move: argument order is unspecified
        operand = make(ast::Unary{op, std::move(operand)}, span);
    }
    return operand;
}

ast::ExprPtr Lowering::postfix(pt::postfix_expr& p, std::size_t depth) {
    depth += p.suffixes.size();
    if (!check_depth(depth, span_of(p))) return error_expr(span_of(p));
    ast::ExprPtr result = primary(p.base, span_of(p), depth);
    for (auto& s : p.suffixes) {
        Span span{result->span.begin, s.span_end};
        if (s.kind == ".")
            result = make(ast::MemberAccess{std::move(result), ident(s.member)}, span);
        else
            result = make(ast::IsSet{std::move(result), s.kind == "not set"}, span);
    }
    return result;
}

ast::ExprPtr Lowering::number(const pt::number_lit& n) {
    Span span = span_of(n);
    std::string unit = n.unit ? *n.unit : "";
    std::string fraction = n.fraction ? *n.fraction : "";
    std::int64_t integer = 0;
    if (!parse_int(n.integer, integer) || n.integer.size() > 15) {
        diagnostics_.error(source_, span, "Zahl zu groß: " + std::to_string(n.integer.size()) +
                                              " Stellen vor dem Komma (höchstens 15)");
        return error_expr(span);
    }
    if (unit == "€" || unit == "EUR") {
        if (fraction.size() > 2) {
            diagnostics_.error(source_, span, "Geldbetrag mit " + std::to_string(fraction.size()) +
                                                  " Nachkommastellen; höchstens zwei (auf den Cent genau, z. B. 1.23 €)");
            return error_expr(span);
        }
        std::int64_t cents = integer * 100;
        if (!fraction.empty()) cents += (fraction[0] - '0') * 10 + (fraction.size() > 1 ? fraction[1] - '0' : 0);
        return make(ast::MoneyLiteral{cents}, span);
    }
    if (unit == "days" || unit == "weeks" || unit == "months" || unit == "years") {
        if (!fraction.empty()) {
            diagnostics_.error(source_, span, "eine Dauer braucht eine ganze Zahl, gefunden " + n.integer + "." +
                                                  fraction + " " + unit + " (z. B. 10 days statt 1.5 weeks)");
            return error_expr(span);
        }
        ast::DurationUnit u = unit == "days"     ? ast::DurationUnit::days
                              : unit == "weeks"  ? ast::DurationUnit::weeks
                              : unit == "months" ? ast::DurationUnit::months
                                                 : ast::DurationUnit::years;
        return make(ast::DurationLiteral{integer, u}, span);
    }
    if (fraction.size() > 9) {
        diagnostics_.error(source_, span, "Zahl mit " + std::to_string(fraction.size()) +
                                              " Nachkommastellen; höchstens neun sind erlaubt");
        return error_expr(span);
    }
    std::int64_t numerator = integer;
    for (char c : fraction) numerator = numerator * 10 + (c - '0');
    int scale = static_cast<int>(fraction.size());
    if (unit == "%") return make(ast::DecimalLiteral{numerator, scale + 2}, span);
    if (fraction.empty()) return make(ast::IntLiteral{integer}, span);
    return make(ast::DecimalLiteral{numerator, scale}, span);
}

std::optional<ast::DateLiteral> Lowering::date(const pt::date_lit& d) {
    // The grammar guarantees the shape dddd-dd-dd; the checker validates the calendar date.
    if (d.size() != 10) return std::nullopt;
    int year = std::stoi(d.substr(0, 4));
    unsigned month = static_cast<unsigned>(std::stoi(d.substr(5, 2)));
    unsigned day = static_cast<unsigned>(std::stoi(d.substr(8, 2)));
    return ast::DateLiteral{year, month, day};
}

ast::ExprPtr Lowering::primary(pt::primary& p, Span span, std::size_t depth) {
    struct Visitor {
        Lowering& self;
        Span span;
        std::size_t depth;

        ast::ExprPtr operator()(pt::date_lit& d) const {
            auto value = self.date(d);
            if (!value) return self.error_expr(span_of(d));
            return make(*value, span_of(d));
        }
        ast::ExprPtr operator()(pt::number_lit& n) const { return self.number(n); }
        ast::ExprPtr operator()(pt::string_lit& s) const {
            return make(ast::TextLiteral{std::string(s)}, span_of(s));
        }
        ast::ExprPtr operator()(pt::identifier& i) const {
            if (i == "true" || i == "false") return make(ast::BoolLiteral{i == "true"}, span_of(i));
            return make(ast::NameRef{std::string(i)}, span_of(i));
        }
        ast::ExprPtr operator()(pt::call& c) const {
            ast::Call call{ident(c.callee), {}};
            for (auto& a : c.args) {
                ast::Argument arg;
                if (a.name) arg.name = ident(*a.name);
                arg.value = self.expression(a.value, depth);
                if (a.where) arg.where = self.expression(*a.where, depth);
                if (a.body) arg.body = self.expression(*a.body, depth);
                arg.span = span_of(a);
                call.args.push_back(std::move(arg));
            }
            return make(std::move(call), span_of(c));
        }
        ast::ExprPtr operator()(pt::record_lit& r) const {
            ast::RecordLiteral record{ident(r.type_name), {}};
            for (auto& f : r.fields) record.fields.push_back({ident(f.name), self.expression(f.value, depth)});
            return make(std::move(record), span_of(r));
        }
        ast::ExprPtr operator()(pt::if_expr& e) const {
            return make(ast::If{self.expression(e.condition, depth), self.expression(e.then_branch, depth),
                                self.expression(e.else_branch, depth)},
                        span_of(e));
        }
        ast::ExprPtr operator()(pt::set_lit& s) const {
            ast::SetLiteral set;
            for (auto& e : s.elements) set.elements.push_back(self.expression(e, depth));
            return make(std::move(set), span_of(s));
        }
        ast::ExprPtr operator()(pt::list_lit& l) const {
            ast::ListLiteral list;
            for (auto& e : l.elements) list.elements.push_back(self.expression(e, depth));
            return make(std::move(list), span_of(l));
        }
        ast::ExprPtr operator()(pt::expression& e) const {
            return self.expression(e, depth);
        }
    };
    return boost::apply_visitor(Visitor{*this, span, depth}, p);
}

ast::TypeExpr Lowering::type(pt::type_expr& t) {
    return ast::TypeExpr{static_cast<int>(t.lists.size()), ident(t.name), t.optional.has_value(), span_of(t)};
}

std::optional<ast::Template> Lowering::template_text(pt::meta& entry) {
    std::vector<TemplatePiece> pieces;
    if (!split_template(source_, entry.text.span_begin, entry.text.span_end, pieces, diagnostics_, max_depth_))
        return std::nullopt;
    ast::Template out;
    out.span = span_of(entry.text);
    for (auto& piece : pieces) {
        ast::TemplatePart part;
        part.span = Span{piece.begin, piece.end};
        if (piece.value) part.value = expression(*piece.value, 0);
        else part.text = std::move(piece.text);
        out.parts.push_back(std::move(part));
    }
    return out;
}

ast::Meta Lowering::meta(boost::optional<pt::string_lit>& label, std::vector<pt::meta>& metas, bool definition) {
    ast::Meta m;
    m.label = text(label);
    for (auto& entry : metas) {
        if (entry.kind == "besser") {
            if (!definition) {
                diagnostics_.error(source_, span_of(entry), "„besser“ gehört an eine Ausgabe (output)");
                continue;
            }
            if (m.better) {
                diagnostics_.error(source_, span_of(entry), "„besser“ ist hier schon angegeben")
                    .notes.push_back({source_, m.better->span, "erste Angabe"});
                continue;
            }
            m.better = text(entry.text);
            continue;
        }
        if (entry.kind != "source" && entry.kind != "interpretation") {
            if (!definition) {
                diagnostics_.error(source_, span_of(entry),
                                   "„" + entry.kind + "“ gehört an eine Definition (let, rule, output)");
                continue;
            }
            auto& alternatives = entry.kind == "rechenweg"    ? m.rechenweg
                                 : entry.kind == "wenn_nicht" ? m.wenn_nicht
                                 : entry.kind == "urteil"     ? m.urteil
                                                              : m.hinweis;
            if (!alternatives.empty() && !alternatives.back().condition) {
                diagnostics_.error(source_, span_of(entry),
                                   "„" + entry.kind + "“ ohne „when“ gilt immer; weitere Fassungen davor schreiben")
                    .notes.push_back({source_, alternatives.back().span, "Fassung ohne Bedingung"});
                continue;
            }
            auto parsed = template_text(entry);
            if (!parsed) continue;
            if (entry.condition) parsed->condition = expression(*entry.condition, 0);
            alternatives.push_back(std::move(*parsed));
            continue;
        }
        auto& slot = entry.kind == "source" ? m.source : m.interpretation;
        if (slot) {
            diagnostics_.error(source_, span_of(entry), "„" + entry.kind + "“ ist hier schon angegeben")
                .notes.push_back({source_, slot->span, "erste Angabe"});
            continue;
        }
        slot = text(entry.text);
    }
    return m;
}

ast::FieldDecl Lowering::field(pt::field_decl& f) {
    ast::FieldDecl out;
    out.lever = f.lever;
    if (out.lever) out.lever_span = Span{f.span_begin, f.span_begin + 5};
    out.name = ident(f.name);
    out.type = type(f.type);
    if (f.default_value) out.default_value = expression(*f.default_value, 0);
    out.label = text(f.label);
    out.span = span_of(f);
    return out;
}

void Lowering::header(pt::module_header& header, ast::Module& module) {
    module.name = ident(header.name);
    for (auto& p : header.params) module.params.push_back({ident(p.name), type(p.type)});
    module.meta = meta(header.label, header.metas);
    module.header_span = span_of(header);
}

ast::Item Lowering::item(pt::item& item) {
    struct Visitor {
        Lowering& self;

        ast::Item operator()(pt::enum_decl& e) const {
            ast::EnumDecl out{ident(e.name), text(e.label), {}, span_of(e)};
            for (auto& v : e.values) {
                ast::EnumValue value{ident(v.name), text(v.label), {}};
                for (auto& s : v.synonyms) value.synonyms.push_back(text(s));
                out.values.push_back(std::move(value));
            }
            return out;
        }
        ast::Item operator()(pt::record_decl& r) const {
            ast::RecordDecl out{ident(r.name), text(r.label), {}, {}, span_of(r)};
            for (auto& f : r.fields) out.fields.push_back(self.field(f));
            for (auto& c : r.checks)
                out.checks.push_back({self.expression(c.condition, 0), text(c.message), span_of(c)});
            return out;
        }
        ast::Item operator()(pt::input_decl& i) const { return ast::InputDecl{self.field(i.field), span_of(i)}; }
        ast::Item operator()(pt::param_decl& p) const {
            return ast::ParamDecl{ident(p.name), self.type(p.type), self.meta(p.label, p.metas), span_of(p)};
        }
        ast::Item operator()(pt::definition& d) const {
            ast::Definition out;
            out.kind = d.kind == "let" ? ast::DefinitionKind::let
                       : d.kind == "rule" ? ast::DefinitionKind::rule
                                          : ast::DefinitionKind::output;
            out.name = ident(d.name);
            if (d.type) out.type = self.type(*d.type);
            out.meta = self.meta(d.label, d.metas, true);
            out.value = self.expression(d.value, 0);
            for (auto& v : d.versions) {
                ast::Version version;
                auto from = self.date(v.from);
                version.from = from.value_or(ast::DateLiteral{1, 1, 1});
                version.from_span = span_of(v.from);
                if (v.to) {
                    version.to = self.date(*v.to);
                    version.to_span = span_of(*v.to);
                }
                version.value = self.expression(v.value, 0);
                version.span = span_of(v);
                out.versions.push_back(std::move(version));
            }
            for (auto& e : d.exceptions) {
                ast::Exception exception;
                exception.meta = self.meta(e.label, e.metas);
                exception.condition = self.expression(e.condition, 0);
                exception.value = self.expression(e.value, 0);
                exception.span = span_of(e);
                out.exceptions.push_back(std::move(exception));
            }
            out.span = span_of(d);
            return out;
        }
        ast::Item operator()(pt::import_decl& i) const {
            ast::Import out{{}, span_of(i)};
            for (auto& m : i.modules) out.modules.push_back(ident(m));
            return out;
        }
    };
    return boost::apply_visitor(Visitor{*this}, item);
}

}  // namespace klappt::dsl::grammar
