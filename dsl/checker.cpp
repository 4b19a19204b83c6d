// The checker.  Phases (each stops nothing; diagnostics accumulate):
//   1. declare: modules, enums, records, inputs, parameters, definitions — duplicates reported with both places;
//   2. resolve declared types;
//   3. check every definition, on demand so that a definition's type is known
//      before it is used; a reference back into a definition still being
//      checked is a cycle and is reported with the whole cycle named.
// Expressions are typed bottom-up; an expected type flows down only as a hint
// (bare enum values, empty lists).  An expression that already failed has the
// error type, and nothing built on it is reported again.
#include "dsl/checker.hpp"

#include <date/date.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "dsl/enum_lookup.hpp"
#include "dsl/evaluation_depth.hpp"
#include "dsl/limits.hpp"

namespace klappt::dsl {

namespace {

constexpr TypeId kNoType = std::numeric_limits<TypeId>::max();

struct Binder {
    std::string name;
    TypeId type;
    std::uint32_t slot;
};

// What an expression can see besides declarations: comprehension binders and
// paths known to be set (after `x is set and …`).
struct Scope {
    std::uint32_t module = 0;
    std::vector<Binder> binders;
    std::vector<std::string> narrowed;
    // In a record's `check`: the record's fields are names (the record sits in binder slot `record_binder`).
    std::optional<std::uint32_t> record;
    std::uint32_t record_binder = 0;
    // … and which fields and inputs the check reads, so a failed check can name the field.
    std::vector<std::uint32_t>* check_fields = nullptr;
    std::vector<std::uint32_t>* check_inputs = nullptr;
};

Scope scope_in(std::uint32_t module) {
    Scope s;
    s.module = module;
    return s;
}

enum class DefState : std::uint8_t { unchecked, checking, done };

// The key under which `x is set` narrows an expression: its source text without blanks.
// Expressions are pure, so the same text in the same definition has the same value.
std::string path_of(const ast::Expr& e, std::string_view text) {
    if (e.span.end > text.size() || e.span.begin >= e.span.end) return "";
    std::string key;
    for (char c : text.substr(e.span.begin, e.span.end - e.span.begin))
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') key.push_back(c);
    return key;
}

// Whether a narrowing key (source text without blanks) uses `name` as a whole word.
bool mentions(const std::string& key, const std::string& name) {
    auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (std::size_t at = key.find(name); at != std::string::npos; at = key.find(name, at + 1)) {
        bool starts = at == 0 || (!is_word(key[at - 1]) && key[at - 1] != '.');
        bool ends = at + name.size() == key.size() || !is_word(key[at + name.size()]);
        if (starts && ends) return true;
    }
    return false;
}

// Paths that are set when `cond` evaluates to `when`.
void narrowing_facts(const ast::Expr& cond, bool when, std::string_view text, std::vector<std::string>& out) {
    if (auto* is = std::get_if<ast::IsSet>(&cond.node)) {
        if (is->negated != when) {
            std::string p = path_of(*is->operand, text);
            if (!p.empty()) out.push_back(p);
        }
        return;
    }
    if (auto* b = std::get_if<ast::Binary>(&cond.node)) {
        if (when && b->op == ast::BinaryOp::logical_and) {
            narrowing_facts(*b->lhs, true, text, out);
            narrowing_facts(*b->rhs, true, text, out);
        } else if (!when && b->op == ast::BinaryOp::logical_or) {
            narrowing_facts(*b->lhs, false, text, out);
            narrowing_facts(*b->rhs, false, text, out);
        }
        return;
    }
    if (auto* u = std::get_if<ast::Unary>(&cond.node); u && u->op == ast::UnaryOp::logical_not)
        narrowing_facts(*u->operand, !when, text, out);
}

const char* op_text(ast::BinaryOp op) {
    switch (op) {
        case ast::BinaryOp::add: return "+";
        case ast::BinaryOp::sub: return "-";
        case ast::BinaryOp::mul: return "*";
        case ast::BinaryOp::div: return "/";
        case ast::BinaryOp::eq: return "==";
        case ast::BinaryOp::ne: return "!=";
        case ast::BinaryOp::lt: return "<";
        case ast::BinaryOp::le: return "<=";
        case ast::BinaryOp::gt: return ">";
        case ast::BinaryOp::ge: return ">=";
        case ast::BinaryOp::logical_and: return "and";
        case ast::BinaryOp::logical_or: return "or";
        case ast::BinaryOp::in: return "in";
        case ast::BinaryOp::not_in: return "not in";
    }
    return "?";
}

std::optional<DayNumber> day_number(const ast::DateLiteral& d) {
    date::year_month_day ymd{date::year{d.year}, date::month{d.month}, date::day{d.day}};
    if (!ymd.ok()) return std::nullopt;
    return static_cast<DayNumber>(date::sys_days{ymd}.time_since_epoch().count());
}

std::int64_t gcd64(std::int64_t a, std::int64_t b) {
    if (a < 0) a = -a;
    while (b != 0) {
        std::int64_t t = a % b;
        a = b;
        b = t;
    }
    return a == 0 ? 1 : a;
}

Constant K(TypeKind kind, std::int64_t a = 0, std::int64_t b = 0, std::string text = "") {
    Constant c;
    c.kind = kind;
    c.a = a;
    c.b = b;
    c.text = std::move(text);
    return c;
}

Constant none_constant() {
    Constant c;
    c.kind = TypeKind::optional;
    c.none = true;
    return c;
}

const std::set<std::string> kAggregates = {"count", "sum", "all", "any", "filter", "map",
                                           "first", "min", "max", "earliest", "latest"};

class Checker {
public:
    Checker(std::vector<ast::Module>& modules, const CheckOptions& options, Diagnostics& diagnostics)
        : modules_(modules), options_(options), diags_(diagnostics) {}

    RuleSet run() {
        declare_builtin_records();
        declare_modules();
        declare_types();
        resolve_record_fields();
        declare_inputs_and_params();
        declare_definitions();
        for (std::uint32_t m = 0; m < modules_.size(); ++m)
            for (std::uint32_t d = 0; d < def_ast_[m].size(); ++d) ensure_checked(m, d, def_ast_[m][d]->name.span);
        check_templates();
        check_better();
        check_levers();
        check_record_checks();
        // Only a rule set without errors (and so without cycles) has a meaningful depth.
        if (!diags_.has_errors()) check_evaluation_depth(rs_, limits::kMaxEvaluationDepth, diags_);
        collect_outputs();
        resolve_case_inputs();
        return std::move(rs_);
    }

private:
    // ---- small helpers ---------------------------------------------------

    const SourceRef& file_of(std::uint32_t module) const { return modules_[module].source; }

    Diagnostic& error(std::uint32_t module, Span span, std::string message) {
        return diags_.error(file_of(module), span, std::move(message));
    }

    TypeKind kind(TypeId t) const { return rs_.types.kind(t); }
    TypeId type_of(NodeId n) const { return rs_.nodes[n].type; }
    bool is_error(NodeId n) const { return kind(type_of(n)) == TypeKind::error; }
    std::string tname(TypeId t) const { return rs_.type_name(t); }

    NodeId add(Op op, TypeId type, Span span, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0) {
        Node n;
        n.op = op;
        n.type = type;
        n.span = span;
        n.a = a;
        n.b = b;
        n.c = c;
        n.module = static_cast<std::uint16_t>(current_module_);
        rs_.nodes.push_back(n);
        return static_cast<NodeId>(rs_.nodes.size() - 1);
    }

    NodeId add_nary(Op op, TypeId type, Span span, const std::vector<NodeId>& kids, std::uint32_t a = 0) {
        NodeId id = add(op, type, span, a);
        rs_.nodes[id].first_child = static_cast<std::uint32_t>(rs_.children.size());
        rs_.nodes[id].child_count = static_cast<std::uint32_t>(kids.size());
        rs_.children.insert(rs_.children.end(), kids.begin(), kids.end());
        return id;
    }

    NodeId constant(Constant c, TypeId type, Span span) {
        rs_.constants.push_back(std::move(c));
        return add(Op::constant, type, span, static_cast<std::uint32_t>(rs_.constants.size() - 1));
    }

    NodeId error_node(Span span) { return add(Op::constant, TypeTable::error, span); }

    // Converts `n` to `target` where the language allows it silently (int → decimal,
    // T → T?); otherwise reports `what` and returns an error node.
    NodeId coerce(NodeId n, TypeId target, Span span, const std::string& what) {
        TypeId t = type_of(n);
        if (t == target || kind(t) == TypeKind::error || kind(target) == TypeKind::error) return n;
        if (rs_.types.is_optional(target) && rs_.types.strip_optional(target) == t) return n;
        TypeId inner = rs_.types.strip_optional(target);
        if (t == TypeTable::integer && inner == TypeTable::decimal) return add(Op::to_decimal, TypeTable::decimal, span, n);
        std::string hint;
        if (inner == TypeTable::money && (t == TypeTable::integer || t == TypeTable::decimal))
            hint = " (Geldbeträge mit Einheit schreiben, z. B. 37.50 €)";
        if (rs_.types.is_optional(t) && rs_.types.strip_optional(t) == target)
            hint = " (der Wert kann fehlen: vorher mit „is set“ prüfen oder value_or(…) verwenden)";
        std::string fix = literal_fix(n, target);
        if (!fix.empty()) hint.clear();
        Diagnostic& d = error(current_module_, span, what + ": erwartet " + tname(target) + ", gefunden " + tname(t) + hint);
        attach_fix(d, fix, rs_.nodes[n].span);
        return error_node(span);
    }

    // The obvious repair of a literal written without its unit or as text where `want` is
    // expected: `55` → `55 days`, `0` → `0 €`, `"F4"` → `F4`.  Empty when there is none.
    std::string literal_fix(NodeId n, TypeId want) const {
        const Node& node = rs_.nodes[n];
        if (node.op != Op::constant || kind(node.type) == TypeKind::error) return "";
        const Constant& c = rs_.constants[node.a];
        TypeId target = rs_.types.strip_optional(want);
        TypeKind wk = kind(target);
        std::string written(file_of(node.module)->text().substr(node.span.begin, node.span.end - node.span.begin));
        if (written.find_first_of("%€\"") != std::string::npos && c.kind != TypeKind::text) return "";
        if (c.kind == TypeKind::integer && (wk == TypeKind::duration || wk == TypeKind::date))
            return written + (c.a == 1 ? " day" : " days");
        if ((c.kind == TypeKind::integer || c.kind == TypeKind::decimal) && wk == TypeKind::money) return written + " €";
        if (c.kind == TypeKind::text && wk == TypeKind::enumeration) {
            const auto& values = rs_.enums[rs_.types[target].ref].values;
            if (std::find(values.begin(), values.end(), c.text) != values.end()) return c.text;
        }
        return "";
    }

    // Adds „meinten Sie …?“ and the fix to a diagnostic about a literal.
    static void attach_fix(Diagnostic& d, const std::string& replacement, Span span) {
        if (replacement.empty()) return;
        d.message += "; meinten Sie „" + replacement + "“?";
        d.fix = DiagnosticFix{span, replacement};
    }

    NodeId to_decimal(NodeId n) {
        if (type_of(n) == TypeTable::integer) return add(Op::to_decimal, TypeTable::decimal, rs_.nodes[n].span, n);
        return n;
    }

    // ---- phase 1: declarations ---------------------------------------------

    void declare_builtin_records() {
        RecordType grund;
        grund.name = "Grund";
        grund.label = "Grund einer Entscheidung";
        grund.fields = {{"regel", TypeTable::text, {}, "Regel", {}},
                        {"erfuellt", TypeTable::boolean, {}, "erfüllt", {}},
                        {"text", TypeTable::text, {}, "Text", {}},
                        {"quelle", TypeTable::text, {}, "Quelle", {}},
                        {"art", TypeTable::text, {}, "Art (fakt/auslegung)", {}},
                        {"ausnahme", TypeTable::text, {}, "angewandte Ausnahme", {}}};
        grund.fields[5].type = rs_.types.optional_of(TypeTable::text);
        rs_.records.push_back(grund);
        record_index_["Grund"] = 0;
        rs_.reason_record = 0;
        builtin_record_count_ = 1;
    }

    void declare_modules() {
        def_ast_.resize(modules_.size());
        def_index_.resize(modules_.size());
        def_state_.resize(modules_.size());
        imports_.resize(modules_.size());
        for (std::uint32_t m = 0; m < modules_.size(); ++m) {
            auto& mod = modules_[m];
            current_module_ = m;
            Module out;
            out.name = mod.name.name;
            out.file = mod.source;
            if (mod.meta.label) out.label = mod.meta.label->value;
            if (mod.meta.source) out.source = mod.meta.source->value;
            if (mod.meta.interpretation) out.interpretation = mod.meta.interpretation->value;
            auto [it, fresh] = module_index_.emplace(out.name, m);
            if (!fresh) {
                error(m, mod.name.span, "Modul „" + out.name + "“ ist doppelt definiert")
                    .notes.push_back({file_of(it->second), modules_[it->second].name.span, "erste Definition"});
            }
            rs_.modules.push_back(std::move(out));
        }
    }

    template <typename Map>
    bool declare_global(Map& index, const std::string& name, std::uint32_t value, std::uint32_t module, Span span,
                        const char* what, const std::function<std::pair<SourceRef, Span>(std::uint32_t)>& where) {
        if (name == "true" || name == "false" || name == "none") {
            error(module, span, "„" + name + "“ ist ein reserviertes Wort");
            return false;
        }
        auto [it, fresh] = index.emplace(name, value);
        if (!fresh) {
            auto [file, first] = where(it->second);
            auto& d = error(module, span, std::string(what) + " „" + name + "“ ist doppelt definiert");
            if (file) d.notes.push_back({file, first, "erste Definition"});
            return false;
        }
        return true;
    }

    void declare_types() {
        for (std::uint32_t m = 0; m < modules_.size(); ++m) {
            current_module_ = m;
            for (auto& item : modules_[m].items) {
                if (auto* e = std::get_if<ast::EnumDecl>(&item)) {
                    EnumType out;
                    out.name = e->name.name;
                    out.label = e->label ? e->label->value : "";
                    out.file = file_of(m);
                    out.span = e->name.span;
                    std::set<std::string> seen;
                    for (auto& v : e->values) {
                        if (!seen.insert(v.name.name).second) {
                            error(m, v.name.span, "Wert „" + v.name.name + "“ kommt in „" + out.name + "“ doppelt vor");
                            continue;
                        }
                        out.values.push_back(v.name.name);
                        out.value_labels.push_back(v.label ? v.label->value : "");
                        std::vector<std::string> synonyms;
                        for (const ast::Text& s : v.synonyms) synonyms.push_back(s.value);
                        out.value_synonyms.push_back(std::move(synonyms));
                    }
                    // A word declared with `auch` must name one value only (case files are read by it).
                    for (auto& v : e->values) {
                        auto own = std::find(out.values.begin(), out.values.end(), v.name.name) - out.values.begin();
                        for (const ast::Text& s : v.synonyms) {
                            std::string key = loose_key(s.value);
                            if (key.empty()) {
                                error(m, s.span, "„auch“ braucht ein Wort mit Buchstaben oder Ziffern");
                                continue;
                            }
                            for (std::uint32_t j = 0; j < out.values.size(); ++j) {
                                if (static_cast<std::ptrdiff_t>(j) == own) continue;
                                for (const std::string& form : enum_value_forms(out, j))
                                    if (loose_key(form) == key) {
                                        error(m, s.span, "„" + s.value + "“ passt auch zu „" + out.values[j] +
                                                             "“ (" + form + "); ein Wort mit „auch“ muss genau einen Wert bezeichnen");
                                        break;
                                    }
                            }
                        }
                    }
                    auto idx = static_cast<std::uint32_t>(rs_.enums.size());
                    if (is_builtin_type_name(out.name)) {
                        error(m, e->name.span, "„" + out.name + "“ ist ein eingebauter Typ");
                        continue;
                    }
                    if (record_index_.count(out.name)) {
                        auto& r = rs_.records[record_index_[out.name]];
                        auto& d = error(m, e->name.span, "Typ „" + out.name + "“ ist doppelt definiert");
                        if (r.file) d.notes.push_back({r.file, r.span, "erste Definition"});
                        continue;
                    }
                    if (declare_global(enum_index_, out.name, idx, m, e->name.span, "Aufzählung", [&](std::uint32_t i) {
                            return std::pair{rs_.enums[i].file, rs_.enums[i].span};
                        }))
                        rs_.enums.push_back(std::move(out));
                } else if (auto* r = std::get_if<ast::RecordDecl>(&item)) {
                    if (is_builtin_type_name(r->name.name)) {
                        error(m, r->name.span, "„" + r->name.name + "“ ist ein eingebauter Typ");
                        continue;
                    }
                    if (enum_index_.count(r->name.name)) {
                        auto& en = rs_.enums[enum_index_[r->name.name]];
                        error(m, r->name.span, "Typ „" + r->name.name + "“ ist doppelt definiert")
                            .notes.push_back({en.file, en.span, "erste Definition"});
                        continue;
                    }
                    RecordType out;
                    out.name = r->name.name;
                    out.label = r->label ? r->label->value : "";
                    out.file = file_of(m);
                    out.span = r->name.span;
                    auto idx = static_cast<std::uint32_t>(rs_.records.size());
                    if (declare_global(record_index_, out.name, idx, m, r->name.span, "Datensatz", [&](std::uint32_t i) {
                            return std::pair{rs_.records[i].file, rs_.records[i].span};
                        })) {
                        rs_.records.push_back(std::move(out));
                        record_ast_.push_back({m, r});
                    }
                }
            }
        }
    }

    static bool is_builtin_type_name(const std::string& n) {
        static const std::set<std::string> names = {"bool", "int", "decimal", "money", "date", "duration", "text"};
        return names.count(n) > 0;
    }

    TypeId resolve_type(const ast::TypeExpr& t, std::uint32_t module) {
        static const std::map<std::string, TypeId> builtin = {
            {"bool", TypeTable::boolean}, {"int", TypeTable::integer},   {"decimal", TypeTable::decimal},
            {"money", TypeTable::money},  {"date", TypeTable::date},     {"duration", TypeTable::duration},
            {"text", TypeTable::text}};
        TypeId base;
        if (auto it = builtin.find(t.name.name); it != builtin.end()) {
            base = it->second;
        } else if (auto e = enum_index_.find(t.name.name); e != enum_index_.end()) {
            base = rs_.types.intern(TypeKind::enumeration, e->second);
        } else if (auto r = record_index_.find(t.name.name); r != record_index_.end()) {
            base = rs_.types.intern(TypeKind::record, r->second);
        } else {
            std::vector<std::string> candidates;
            for (auto& [n, _] : builtin) candidates.push_back(n);
            for (auto& [n, _] : enum_index_) candidates.push_back(n);
            for (auto& [n, _] : record_index_) candidates.push_back(n);
            error(module, t.name.span, "unbekannter Typ „" + t.name.name + "“" + did_you_mean(t.name.name, candidates));
            return TypeTable::error;
        }
        if (t.optional) base = rs_.types.optional_of(base);
        for (int i = 0; i < t.list_depth; ++i) base = rs_.types.list_of(base);
        return base;
    }

    // A default value must be a constant: a literal, an enum value or an empty list.
    std::optional<Constant> default_constant(const ast::Expr& e, TypeId type, std::uint32_t module) {
        current_module_ = module;
        Scope scope = scope_in(module);
        std::size_t before = rs_.nodes.size();
        NodeId n = expr(e, scope, type);
        if (is_error(n)) return std::nullopt;
        n = coerce(n, type, e.span, "Vorgabewert");
        if (is_error(n)) return std::nullopt;
        const Node& node = rs_.nodes[n];
        std::optional<Constant> out;
        if (node.op == Op::constant) out = rs_.constants[node.a];
        else if (node.op == Op::to_decimal && rs_.nodes[node.a].op == Op::constant) {
            out = rs_.constants[rs_.nodes[node.a].a];
            out->kind = TypeKind::decimal;
            out->b = 1;
        } else if (node.op == Op::list_literal && node.child_count == 0) {
            out = K(TypeKind::list);
        }
        rs_.nodes.resize(before);
        if (!out) error(module, e.span, "Vorgabewert muss eine Konstante sein (Zahl, Betrag, Datum, Text, Wert oder [])");
        return out;
    }

    FieldType field(const ast::FieldDecl& f, std::uint32_t module) {
        FieldType out;
        out.name = f.name.name;
        out.type = resolve_type(f.type, module);
        out.label = f.label ? f.label->value : "";
        out.span = f.name.span;
        out.lever = f.lever;
        return out;
    }

    void resolve_record_fields() {
        for (std::size_t i = 0; i < record_ast_.size(); ++i) {
            auto [m, decl] = record_ast_[i];
            auto& record = rs_.records[builtin_record_count_ + i];
            std::map<std::string, Span> seen;
            for (auto& f : decl->fields) {
                if (auto it = seen.find(f.name.name); it != seen.end()) {
                    error(m, f.name.span, "Feld „" + f.name.name + "“ ist doppelt definiert")
                        .notes.push_back({file_of(m), it->second, "erste Definition"});
                    continue;
                }
                seen[f.name.name] = f.name.span;
                record.fields.push_back(field(f, m));
            }
        }
        // Defaults may name enum values, so they come after all types are known.
        for (std::size_t i = 0; i < record_ast_.size(); ++i) {
            auto [m, decl] = record_ast_[i];
            auto& record = rs_.records[builtin_record_count_ + i];
            for (auto& f : decl->fields) {
                if (!f.default_value) continue;
                for (auto& rf : record.fields)
                    if (rf.name == f.name.name && rf.span.begin == f.name.span.begin)
                        rf.default_value = default_constant(*f.default_value, rf.type, m);
            }
        }
    }

    void check_record_checks() {
        for (std::size_t i = 0; i < record_ast_.size(); ++i) {
            auto [m, decl] = record_ast_[i];
            std::uint32_t index = builtin_record_count_ + static_cast<std::uint32_t>(i);
            current_module_ = m;
            for (const auto& c : decl->checks) {
                Scope scope = scope_in(m);
                scope.record = index;
                scope.record_binder = rs_.binder_count++;
                std::vector<std::uint32_t> fields, inputs;
                scope.check_fields = &fields;
                scope.check_inputs = &inputs;
                NodeId cond = coerce(expr(*c.condition, scope, TypeTable::boolean), TypeTable::boolean,
                                     c.condition->span, "Prüfung von „" + decl->name.name + "“");
                rs_.records[index].checks.push_back({cond, c.message.value, scope.record_binder, c.span, fields, inputs});
            }
        }
    }

    void declare_inputs_and_params() {
        for (std::uint32_t m = 0; m < modules_.size(); ++m) {
            current_module_ = m;
            for (auto& item : modules_[m].items) {
                if (auto* in = std::get_if<ast::InputDecl>(&item)) {
                    InputDeclaration decl{field(in->field, m), file_of(m), m};
                    if (in->field.default_value)
                        decl.field.default_value = default_constant(*in->field.default_value, decl.field.type, m);
                    auto idx = static_cast<std::uint32_t>(rs_.inputs.size());
                    if (declare_global(input_index_, decl.field.name, idx, m, in->field.name.span, "Eingabe",
                                       [&](std::uint32_t i) {
                                           return std::pair{rs_.inputs[i].file, rs_.inputs[i].field.span};
                                       }))
                        rs_.inputs.push_back(std::move(decl));
                } else if (auto* p = std::get_if<ast::ParamDecl>(&item)) {
                    ParamDeclaration decl;
                    decl.name = p->name.name;
                    decl.type = resolve_type(p->type, m);
                    if (p->meta.label) decl.label = p->meta.label->value;
                    if (p->meta.source) decl.source = p->meta.source->value;
                    if (p->meta.interpretation) decl.interpretation = p->meta.interpretation->value;
                    decl.file = file_of(m);
                    decl.span = p->name.span;
                    auto idx = static_cast<std::uint32_t>(rs_.params.size());
                    if (declare_global(param_index_, decl.name, idx, m, p->name.span, "Parameter", [&](std::uint32_t i) {
                            return std::pair{rs_.params[i].file, rs_.params[i].span};
                        }))
                        rs_.params.push_back(std::move(decl));
                }
            }
        }
    }

    void declare_definitions() {
        for (std::uint32_t m = 0; m < modules_.size(); ++m) {
            current_module_ = m;
            auto& mod = rs_.modules[m];
            std::set<std::string> param_names;
            for (auto& p : modules_[m].params) {
                if (!param_names.insert(p.name.name).second) {
                    error(m, p.name.span, "Modulparameter „" + p.name.name + "“ ist doppelt");
                    continue;
                }
                mod.params.push_back({p.name.name, resolve_type(p.type, m)});
            }
            for (auto& item : modules_[m].items) {
                if (auto* imp = std::get_if<ast::Import>(&item)) {
                    for (auto& name : imp->modules) {
                        if (!module_index_.count(name.name)) {
                            std::vector<std::string> candidates;
                            for (auto& [n, _] : module_index_) candidates.push_back(n);
                            error(m, name.span, "unbekanntes Modul „" + name.name + "“" + did_you_mean(name.name, candidates));
                            continue;
                        }
                        imports_[m].insert(name.name);
                    }
                    continue;
                }
                auto* def = std::get_if<ast::Definition>(&item);
                if (!def) continue;
                const std::string& name = def->name.name;
                if (name == "true" || name == "false" || name == "none") {
                    error(m, def->name.span, "„" + name + "“ ist ein reserviertes Wort");
                    continue;
                }
                if (auto it = def_index_[m].find(name); it != def_index_[m].end()) {
                    error(m, def->name.span, "„" + name + "“ ist im Modul „" + mod.name + "“ doppelt definiert")
                        .notes.push_back({file_of(m), def_ast_[m][it->second]->name.span, "erste Definition"});
                    continue;
                }
                if (param_names.count(name)) {
                    error(m, def->name.span, "„" + name + "“ ist schon ein Parameter des Moduls");
                    continue;
                }
                auto idx = static_cast<std::uint32_t>(def_ast_[m].size());
                def_index_[m][name] = idx;
                def_ast_[m].push_back(def);
                def_state_[m].push_back(DefState::unchecked);
                Definition out;
                out.name = name;
                out.kind = def->kind == ast::DefinitionKind::let    ? DefinitionKind::let
                           : def->kind == ast::DefinitionKind::rule ? DefinitionKind::rule
                                                                    : DefinitionKind::output;
                out.label = def->meta.label ? def->meta.label->value : "";
                out.source = def->meta.source ? def->meta.source->value : "";
                out.interpretation = def->meta.interpretation ? def->meta.interpretation->value : "";
                out.module = m;
                out.span = def->name.span;
                out.type = TypeTable::error;
                mod.definitions.push_back(std::move(out));
            }
        }
    }

    // ---- phase 3: definitions ----------------------------------------------

    // Makes sure definition (m, d) is checked; returns its type (error inside a cycle).
    TypeId ensure_checked(std::uint32_t m, std::uint32_t d, Span reference) {
        DefState state = def_state_[m][d];
        if (state == DefState::done) return rs_.modules[m].definitions[d].type;
        if (state == DefState::checking) {
            report_cycle(m, d);
            const auto* declared = def_ast_[m][d];
            if (declared->type) return resolve_type(*declared->type, m);
            if (declared->kind == ast::DefinitionKind::rule) return TypeTable::boolean;
            return TypeTable::error;
        }
        (void)reference;
        if (stack_.size() >= limits::kMaxEvaluationDepth / 2) {
            // Checking recurses once per definition in a chain; a chain this long is too deep
            // to evaluate anyway (check_evaluation_depth), so stop before the stack does.
            if (!chain_too_deep_reported_)
                error(m, def_ast_[m][d]->name.span,
                      "„" + rs_.qualified_name(m, d) + "“: zu lange Kette von Definitionen, die jeweils die nächste verwenden (mehr als " +
                          std::to_string(limits::kMaxEvaluationDepth / 2) + "); die Kette kürzer machen");
            chain_too_deep_reported_ = true;
            return TypeTable::error;
        }
        check_definition(m, d);
        return rs_.modules[m].definitions[d].type;
    }

    void report_cycle(std::uint32_t m, std::uint32_t d) {
        auto start = std::find_if(stack_.begin(), stack_.end(), [&](auto& e) { return e.first == m && e.second == d; });
        if (start == stack_.end()) return;
        std::string chain;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> members(start, stack_.end());
        for (auto& member : members) {
            if (cycle_reported_.count(member)) return;  // this cycle was already named
        }
        for (auto& [cm, cd] : members) chain += rs_.qualified_name(cm, cd) + " → ";
        chain += rs_.qualified_name(m, d);
        auto& diag = diags_.error(file_of(m), def_ast_[m][d]->name.span, "Zyklus in den Definitionen: " + chain);
        for (std::size_t i = 1; i < members.size(); ++i) {
            auto [cm, cd] = members[i];
            diag.notes.push_back({file_of(cm), def_ast_[cm][cd]->name.span,
                                  rs_.qualified_name(cm, cd) + " ist Teil des Zyklus"});
        }
        for (auto& member : members) cycle_reported_.insert(member);
    }

    void check_definition(std::uint32_t m, std::uint32_t d) {
        def_state_[m][d] = DefState::checking;
        stack_.push_back({m, d});
        std::uint32_t saved_module = current_module_;
        current_module_ = m;
        const ast::Definition& ast = *def_ast_[m][d];

        TypeId declared = kNoType;
        if (ast.type) declared = resolve_type(*ast.type, m);
        bool wrong_rule_type = false;
        if (ast.kind == ast::DefinitionKind::rule) {
            if (declared != kNoType && declared != TypeTable::boolean && kind(declared) != TypeKind::error) {
                error(m, ast.type->span, "eine Regel (rule) ist immer bool; für andere Werte „let“ verwenden");
                wrong_rule_type = true;
            }
            declared = TypeTable::boolean;
        }
        Scope scope = scope_in(m);
        NodeId value = expr(*ast.value, scope, declared == kNoType ? TypeTable::error : declared);
        TypeId type = declared == kNoType ? type_of(value) : declared;
        if (declared != kNoType && !wrong_rule_type)
            value = coerce(value, declared, ast.value->span, "Wert von „" + ast.name.name + "“");
        if (kind(type) == TypeKind::instance && rs_.modules[m].definitions[d].kind == DefinitionKind::output) {
            // allowed: an output may be a module value; it is written as an object of that module's outputs
        }

        Definition& def = rs_.modules[m].definitions[d];
        def.type = type;
        def.value = value;
        if (ast.versions.size() > limits::kMaxVersionsPerDefinition)
            error(m, ast.name.span, "„" + ast.name.name + "“ hat " + std::to_string(ast.versions.size()) +
                                        " Fassungen (valid from); höchstens " +
                                        std::to_string(limits::kMaxVersionsPerDefinition) + " sind erlaubt");
        if (ast.exceptions.size() > limits::kMaxExceptionsPerDefinition)
            error(m, ast.name.span, "„" + ast.name.name + "“ hat " + std::to_string(ast.exceptions.size()) +
                                        " Ausnahmen; höchstens " + std::to_string(limits::kMaxExceptionsPerDefinition) +
                                        " sind erlaubt (mehr Fälle besser mit einer Tabelle als Parameter oder einer Liste)");
        for (auto& v : ast.versions) {
            DefinitionVersion version;
            auto from = day_number(v.from);
            if (!from) error(m, v.from_span, "ungültiges Datum");
            version.from = from.value_or(0);
            if (v.to) {
                auto to = day_number(*v.to);
                if (!to) error(m, v.to_span, "ungültiges Datum");
                version.to = to.value_or(kOpenEnd);
                if (to && from && *to < *from) error(m, v.to_span, "Fassung endet vor ihrem Beginn");
            }
            if (options_.check_date_input.empty())
                error(m, v.span, "Fassungen (valid from) brauchen einen Stichtag; das Regelwerk nennt keinen");
            Scope vs = scope_in(m);
            version.value = coerce(expr(*v.value, vs, type), type, v.value->span, "Fassung");
            rs_.modules[m].definitions[d].versions.push_back(version);
        }
        for (auto& e : ast.exceptions) {
            DefinitionException exception;
            exception.label = e.meta.label ? e.meta.label->value : "";
            exception.source = e.meta.source ? e.meta.source->value : "";
            exception.interpretation = e.meta.interpretation ? e.meta.interpretation->value : "";
            Scope es = scope_in(m);
            exception.condition = coerce(expr(*e.condition, es, TypeTable::boolean), TypeTable::boolean,
                                         e.condition->span, "Bedingung der Ausnahme");
            Scope vs = scope_in(m);
            narrowing_facts(*e.condition, true, text_of(m), vs.narrowed);
            exception.value = coerce(expr(*e.value, vs, type), type, e.value->span, "Wert der Ausnahme");
            rs_.modules[m].definitions[d].exceptions.push_back(exception);
        }
        current_module_ = saved_module;
        stack_.pop_back();
        def_state_[m][d] = DefState::done;
    }

    // ---- texts people read (rechenweg, wenn_nicht, urteil, hinweis) ------------

    void check_templates() {
        for (std::uint32_t m = 0; m < modules_.size(); ++m) {
            for (std::uint32_t d = 0; d < def_ast_[m].size(); ++d) {
                const ast::Definition& ast = *def_ast_[m][d];
                Definition& def = rs_.modules[m].definitions[d];
                current_module_ = m;
                bool rule = def.kind == DefinitionKind::rule;
                auto misplaced = [&](const std::vector<ast::Template>& t, const char* what, const char* why) {
                    if (!t.empty()) error(m, t.front().span, std::string("„") + what + "“ " + why);
                };
                if (rule) misplaced(ast.meta.rechenweg, "rechenweg", "gehört an einen Wert (let, output), nicht an eine Regel");
                bool verdict_of_bool =
                    !rule && !ast.meta.urteil.empty() && type_of_definition(m, d) == TypeTable::boolean;
                if (!rule && !verdict_of_bool)
                    misplaced(ast.meta.wenn_nicht, "wenn_nicht",
                              "gehört an eine Regel (rule) oder an eine bool-Ausgabe mit „urteil“");
                if (!rule) misplaced(ast.meta.hinweis, "hinweis", "gehört an eine Regel (rule): er erscheint, wenn sie erfüllt ist");
                if (rule || verdict_of_bool) def.wenn_nicht = templates(ast.meta.wenn_nicht, m);
                if (!rule) def.rechenweg = templates(ast.meta.rechenweg, m);
                def.urteil = templates(ast.meta.urteil, m);
                if (rule) def.hinweis = templates(ast.meta.hinweis, m);
            }
        }
    }

    // ---- levers and better values (klappt check --wege) ---------------------------

    // `besser true|false` on a bool output, `besser mehr|weniger` on a number or amount.
    void check_better() {
        for (std::uint32_t m = 0; m < modules_.size(); ++m)
            for (std::uint32_t d = 0; d < def_ast_[m].size(); ++d) {
                const ast::Definition& ast = *def_ast_[m][d];
                if (!ast.meta.better) continue;
                Definition& def = rs_.modules[m].definitions[d];
                const std::string& word = ast.meta.better->value;
                Span span = ast.meta.better->span;
                if (def.kind != DefinitionKind::output) {
                    error(m, span, std::string("„besser“ gehört an eine Ausgabe (output), nicht an „") +
                                       (def.kind == DefinitionKind::rule ? "rule" : "let") + "“");
                    continue;
                }
                TypeId t = type_of_definition(m, d);
                if (kind(t) == TypeKind::error) continue;
                bool boolean = word == "true" || word == "false";
                bool number = kind(t) == TypeKind::integer || kind(t) == TypeKind::money || kind(t) == TypeKind::decimal;
                if (boolean && t != TypeTable::boolean) {
                    error(m, span, "„besser " + word + "“ passt nur zu einer Ausgabe vom Typ bool; „" + def.name + "“ hat den Typ " +
                                       tname(def.type) + " (für Zahlen und Beträge: besser mehr oder besser weniger)");
                    continue;
                }
                if (!boolean && !number) {
                    error(m, span, "„besser " + word + "“ passt nur zu einer Ausgabe vom Typ int, decimal oder money; „" +
                                       def.name + "“ hat den Typ " + tname(def.type) +
                                       (t == TypeTable::boolean ? " (für bool: besser true oder besser false)" : ""));
                    continue;
                }
                def.better = word == "true"    ? Better::true_value
                             : word == "false" ? Better::false_value
                             : word == "mehr"  ? Better::more
                                               : Better::less;
            }
    }

    // `hebel` only on a single value a case holds: a field of an input, or of a record some
    // input contains.
    void check_levers() {
        std::set<std::uint32_t> reachable;
        std::vector<TypeId> pending;
        for (const auto& in : rs_.inputs) pending.push_back(in.field.type);
        while (!pending.empty()) {
            TypeId t = rs_.types.strip_optional(pending.back());
            pending.pop_back();
            if (kind(t) == TypeKind::list) pending.push_back(rs_.types[t].ref);
            else if (kind(t) == TypeKind::record && reachable.insert(rs_.types[t].ref).second)
                for (const auto& f : rs_.records[rs_.types[t].ref].fields) pending.push_back(f.type);
        }
        auto scalar = [&](const FieldType& f, std::uint32_t m) {
            TypeKind k = kind(rs_.types.strip_optional(f.type));
            if (k == TypeKind::error) return;
            if (k == TypeKind::list || k == TypeKind::record || k == TypeKind::duration)
                error(m, f.span, "„hebel“ nur an einem einzelnen Wert (bool, Aufzählung, Datum, Zahl, Betrag oder Text); „" +
                                     f.name + "“ hat den Typ " + tname(f.type));
        };
        for (std::size_t i = 0; i < record_ast_.size(); ++i) {
            std::uint32_t m = record_ast_[i].first;
            auto r = static_cast<std::uint32_t>(builtin_record_count_ + i);
            for (const auto& f : rs_.records[r].fields) {
                if (!f.lever) continue;
                if (!reachable.count(r)) {
                    error(m, f.span, "„hebel“ nur an Angaben eines Falls: der Datensatz „" + rs_.records[r].name +
                                         "“ ist in keiner Eingabe (input) enthalten");
                    continue;
                }
                scalar(f, m);
            }
        }
        for (const auto& in : rs_.inputs)
            if (in.field.lever) scalar(in.field, in.module);
    }

    TextTemplates templates(const std::vector<ast::Template>& alternatives, std::uint32_t m) {
        TextTemplates out;
        for (const ast::Template& t : alternatives) {
            TextTemplate text = template_parts(t, m);
            if (t.condition) {
                Scope s = scope_in(m);
                text.condition = coerce(expr(*t.condition, s, TypeTable::boolean), TypeTable::boolean,
                                        t.condition->span, "Bedingung (when)");
            }
            out.push_back(std::move(text));
        }
        return out;
    }

    TypeId type_of_definition(std::uint32_t m, std::uint32_t d) const {
        return rs_.types.strip_optional(rs_.modules[m].definitions[d].type);
    }

    // The module and definition a reference node names, if it is one.
    std::optional<std::pair<std::uint32_t, std::uint32_t>> referenced_definition(NodeId n) const {
        const Node& node = rs_.nodes[n];
        if (node.op == Op::definition || node.op == Op::own_definition) return std::pair{node.a, node.b};
        if (node.op == Op::instance_member)
            return std::pair{rs_.types[rs_.types.strip_optional(type_of(node.a))].ref, node.b};
        return std::nullopt;
    }

    TextTemplate template_parts(const ast::Template& t, std::uint32_t m) {
        TextTemplate out;
        out.span = t.span;
        for (const ast::TemplatePart& part : t.parts) {
            if (!part.value) {
                out.parts.push_back({part.text, kNoNode, PlaceholderUse::value});
                continue;
            }
            const ast::Expr& e = *part.value;
            Scope s = scope_in(m);
            auto* call = std::get_if<ast::Call>(&e.node);
            if (call && call->callee.name == "code") {
                if (call->args.size() != 1 || call->args[0].name || call->args[0].where || call->args[0].body) {
                    error(m, e.span, "code(…) erwartet genau einen Wert einer Aufzählung");
                    continue;
                }
                NodeId n = expr(*call->args[0].value, s, TypeTable::error);
                if (is_error(n)) continue;
                if (kind(rs_.types.strip_optional(type_of(n))) != TypeKind::enumeration) {
                    error(m, call->args[0].value->span, "code(…) braucht einen Wert einer Aufzählung, gefunden " +
                                                            tname(type_of(n)));
                    continue;
                }
                out.parts.push_back({"", n, PlaceholderUse::code});
                continue;
            }
            if (call && (call->callee.name == "rechenweg" || call->callee.name == "gruende")) {
                bool calculation = call->callee.name == "rechenweg";
                if (call->args.size() != 1 || call->args[0].name || call->args[0].where || call->args[0].body) {
                    error(m, e.span, call->callee.name + "(…) erwartet genau einen Namen einer Definition");
                    continue;
                }
                NodeId n = expr(*call->args[0].value, s, TypeTable::error);
                if (is_error(n)) continue;
                auto target = referenced_definition(n);
                if (!target) {
                    error(m, call->args[0].value->span, call->callee.name + "(…) braucht den Namen einer Definition");
                    continue;
                }
                if (!calculation && type_of(n) != TypeTable::boolean) {
                    error(m, call->args[0].value->span, "gruende(…) braucht eine Regel (bool), gefunden " + tname(type_of(n)));
                    continue;
                }
                out.parts.push_back({"", n, calculation ? PlaceholderUse::calculation : PlaceholderUse::reasons});
                continue;
            }
            NodeId n = expr(e, s, TypeTable::error);
            if (is_error(n)) continue;
            TypeKind k = kind(rs_.types.strip_optional(type_of(n)));
            if (k == TypeKind::list || k == TypeKind::record || k == TypeKind::instance) {
                error(m, e.span, "ein Platzhalter zeigt einen einzelnen Wert, nicht " + tname(type_of(n)));
                continue;
            }
            out.parts.push_back({"", n, PlaceholderUse::value});
        }
        return out;
    }

    // ---- expressions ---------------------------------------------------------

    NodeId expr(const ast::Expr& e, Scope& s, TypeId expected) {
        NodeId id = std::visit([&](const auto& node) { return check(node, e, s, expected); }, e.node);
        // Inside `if x is set then …` (and after `x is set and …`) x has its non-optional type.
        if (!s.narrowed.empty() && rs_.types.is_optional(type_of(id)) && narrowed(s, path_of(e, text_of(s.module))))
            rs_.nodes[id].type = rs_.types.strip_optional(type_of(id));
        return id;
    }

    NodeId check(const ast::BoolLiteral& b, const ast::Expr& e, Scope&, TypeId) {
        return constant(K(TypeKind::boolean, b.value ? 1 : 0), TypeTable::boolean, e.span);
    }
    NodeId check(const ast::IntLiteral& i, const ast::Expr& e, Scope&, TypeId expected) {
        if (rs_.types.strip_optional(expected) == TypeTable::decimal)
            return constant(K(TypeKind::decimal, i.value, 1), TypeTable::decimal, e.span);
        return constant(K(TypeKind::integer, i.value), TypeTable::integer, e.span);
    }
    NodeId check(const ast::DecimalLiteral& d, const ast::Expr& e, Scope&, TypeId) {
        std::int64_t den = 1;
        for (int i = 0; i < d.scale; ++i) den *= 10;
        std::int64_t g = gcd64(d.numerator, den);
        return constant(K(TypeKind::decimal, d.numerator / g, den / g), TypeTable::decimal, e.span);
    }
    NodeId check(const ast::MoneyLiteral& m, const ast::Expr& e, Scope&, TypeId) {
        return constant(K(TypeKind::money, m.cents), TypeTable::money, e.span);
    }
    NodeId check(const ast::DateLiteral& d, const ast::Expr& e, Scope&, TypeId) {
        auto day = day_number(d);
        if (!day) {
            error(current_module_, e.span, "ungültiges Datum (den Tag gibt es im Kalender nicht)");
            return error_node(e.span);
        }
        return constant(K(TypeKind::date, *day), TypeTable::date, e.span);
    }
    NodeId check(const ast::DurationLiteral& d, const ast::Expr& e, Scope&, TypeId) {
        Constant c = K(TypeKind::duration);
        switch (d.unit) {
            case ast::DurationUnit::days: c.b = d.count; break;
            case ast::DurationUnit::weeks: c.b = d.count * 7; break;
            case ast::DurationUnit::months: c.a = d.count; break;
            case ast::DurationUnit::years: c.a = d.count * 12; break;
        }
        if (d.count > 100000) {
            error(current_module_, e.span, "Dauer zu groß");
            return error_node(e.span);
        }
        return constant(c, TypeTable::duration, e.span);
    }
    NodeId check(const ast::TextLiteral& t, const ast::Expr& e, Scope&, TypeId) {
        return constant(K(TypeKind::text, 0, 0, t.value), TypeTable::text, e.span);
    }

    bool narrowed(const Scope& s, const std::string& path) const {
        return !path.empty() && std::find(s.narrowed.begin(), s.narrowed.end(), path) != s.narrowed.end();
    }

    TypeId maybe_narrow(const Scope& s, const ast::Expr& e, TypeId t) {
        return narrowed(s, path_of(e, text_of(s.module))) ? rs_.types.strip_optional(t) : t;
    }

    std::string_view text_of(std::uint32_t module) const { return modules_[module].source->text(); }

    // Names that shadow module and type names.
    bool is_value_name(const std::string& n, const Scope& s) const {
        for (auto& b : s.binders)
            if (b.name == n) return true;
        for (auto& p : rs_.modules[s.module].params)
            if (p.name == n) return true;
        return def_index_[s.module].count(n) || input_index_.count(n) || param_index_.count(n);
    }

    std::vector<std::string> visible_names(const Scope& s, TypeId expected) const {
        std::vector<std::string> out;
        for (auto& b : s.binders) out.push_back(b.name);
        for (auto& p : rs_.modules[s.module].params) out.push_back(p.name);
        for (auto& [n, _] : def_index_[s.module]) out.push_back(n);
        for (auto& [n, _] : input_index_) out.push_back(n);
        for (auto& [n, _] : param_index_) out.push_back(n);
        for (auto& n : imports_[s.module]) out.push_back(n);
        TypeId base = rs_.types.strip_optional(expected);
        if (kind(base) == TypeKind::enumeration)
            for (auto& v : rs_.enums[rs_.types[base].ref].values) out.push_back(v);
        return out;
    }

    NodeId reference_definition(std::uint32_t m, std::uint32_t d, Span span, const Scope& s) {
        TypeId t = ensure_checked(m, d, span);
        if (rs_.modules[m].parametrised()) {
            if (m != s.module) {
                error(s.module, span, "„" + rs_.qualified_name(m, d) + "“ gehört zu einem Modul mit Parametern: " +
                                          rs_.modules[m].name + "(…)." + rs_.modules[m].definitions[d].name +
                                          " schreiben");
                return error_node(span);
            }
            return add(Op::own_definition, t, span, m, d);
        }
        return add(Op::definition, t, span, m, d);
    }

    NodeId check(const ast::NameRef& n, const ast::Expr& e, Scope& s, TypeId expected) {
        const std::string& name = n.name;
        if (s.record) {
            const RecordType& record = rs_.records[*s.record];
            for (std::uint32_t i = 0; i < record.fields.size(); ++i)
                if (record.fields[i].name == name) {
                    if (s.check_fields && std::find(s.check_fields->begin(), s.check_fields->end(), i) == s.check_fields->end())
                        s.check_fields->push_back(i);
                    NodeId self = add(Op::binder, rs_.types.intern(TypeKind::record, *s.record), e.span, s.record_binder);
                    return add(Op::field, record.fields[i].type, e.span, self, i);
                }
        }
        for (auto it = s.binders.rbegin(); it != s.binders.rend(); ++it)
            if (it->name == name) return add(Op::binder, maybe_narrow(s, e, it->type), e.span, it->slot);
        auto& mod = rs_.modules[s.module];
        for (std::uint32_t i = 0; i < mod.params.size(); ++i)
            if (mod.params[i].name == name) {
                NodeId id = add(Op::module_param, maybe_narrow(s, e, mod.params[i].type), e.span, i);
                rs_.nodes[id].trace_leaf = true;
                return id;
            }
        if (auto it = def_index_[s.module].find(name); it != def_index_[s.module].end()) {
            NodeId id = reference_definition(s.module, it->second, e.span, s);
            if (!is_error(id)) rs_.nodes[id].type = maybe_narrow(s, e, rs_.nodes[id].type);
            return id;
        }
        if (auto it = input_index_.find(name); it != input_index_.end()) {
            if (s.check_inputs && std::find(s.check_inputs->begin(), s.check_inputs->end(), it->second) == s.check_inputs->end())
                s.check_inputs->push_back(it->second);
            NodeId id = add(Op::input, maybe_narrow(s, e, rs_.inputs[it->second].field.type), e.span, it->second);
            rs_.nodes[id].trace_leaf = true;
            return id;
        }
        if (auto it = param_index_.find(name); it != param_index_.end())
            return add(Op::param, maybe_narrow(s, e, rs_.params[it->second].type), e.span, it->second);
        if (name == "none") {
            if (kind(expected) == TypeKind::error) {
                error(s.module, e.span, "der Typ von „none“ ist hier nicht bekannt; Typ an der Definition angeben (z. B. let x: date? = …)");
                return error_node(e.span);
            }
            return constant(none_constant(), rs_.types.optional_of(expected), e.span);
        }
        // A bare enum value: of the expected enum, or of the only enum that has it.
        TypeId base = rs_.types.strip_optional(expected);
        if (kind(base) == TypeKind::enumeration) {
            auto& en = rs_.enums[rs_.types[base].ref];
            for (std::uint32_t i = 0; i < en.values.size(); ++i)
                if (en.values[i] == name) return constant(K(TypeKind::enumeration, i), base, e.span);
        }
        std::vector<std::uint32_t> owners;
        for (std::uint32_t i = 0; i < rs_.enums.size(); ++i)
            if (std::find(rs_.enums[i].values.begin(), rs_.enums[i].values.end(), name) != rs_.enums[i].values.end())
                owners.push_back(i);
        if (owners.size() == 1) {
            auto& en = rs_.enums[owners[0]];
            auto ord = static_cast<std::int64_t>(std::find(en.values.begin(), en.values.end(), name) - en.values.begin());
            return constant(K(TypeKind::enumeration, ord), rs_.types.intern(TypeKind::enumeration, owners[0]), e.span);
        }
        if (owners.size() > 1) {
            error(s.module, e.span, "„" + name + "“ ist Wert mehrerer Aufzählungen; schreiben Sie " +
                                        rs_.enums[owners[0]].name + "." + name + " oder " + rs_.enums[owners[1]].name +
                                        "." + name);
            return error_node(e.span);
        }
        if (module_index_.count(name)) {
            error(s.module, e.span, "„" + name + "“ ist ein Modul, kein Wert; gemeint ist wohl " + name + ".…");
            return error_node(e.span);
        }
        if (unparsed(name)) return error_node(e.span);  // already reported as a syntax error
        error(s.module, e.span, "unbekannter Name „" + name + "“" + did_you_mean(name, visible_names(s, expected)));
        return error_node(e.span);
    }

    // A declaration of that name failed to parse somewhere: its uses are not reported again.
    bool unparsed(const std::string& name) const {
        for (const auto& mod : modules_)
            if (std::find(mod.unparsed_names.begin(), mod.unparsed_names.end(), name) != mod.unparsed_names.end())
                return true;
        return false;
    }

    bool module_visible(std::uint32_t from, const std::string& name) const {
        return imports_[from].count(name) || rs_.modules[from].name == name;
    }

    NodeId check(const ast::MemberAccess& ma, const ast::Expr& e, Scope& s, TypeId) {
        const std::string& member = ma.member.name;
        if (auto* nr = std::get_if<ast::NameRef>(&ma.object->node); nr && !is_value_name(nr->name, s)) {
            if (auto mi = module_index_.find(nr->name); mi != module_index_.end()) {
                std::uint32_t m = mi->second;
                if (!module_visible(s.module, nr->name)) {
                    error(s.module, ma.object->span, "Modul „" + nr->name + "“ ist nicht importiert; „import " +
                                                         nr->name + "“ ergänzen");
                    return error_node(e.span);
                }
                auto it = def_index_[m].find(member);
                if (it == def_index_[m].end()) {
                    // An input declared in that module, reached past a definition that shadows it.
                    if (auto in = input_index_.find(member); in != input_index_.end() && rs_.inputs[in->second].module == m) {
                        NodeId id = add(Op::input, maybe_narrow(s, e, rs_.inputs[in->second].field.type), e.span, in->second);
                        rs_.nodes[id].trace_leaf = true;
                        return id;
                    }
                    if (unparsed(member)) return error_node(e.span);
                    std::vector<std::string> candidates;
                    for (auto& [n, _] : def_index_[m]) candidates.push_back(n);
                    for (auto& in : rs_.inputs)
                        if (in.module == m) candidates.push_back(in.field.name);
                    error(s.module, ma.member.span, "Modul „" + nr->name + "“ hat keine Definition „" + member + "“" +
                                                        did_you_mean(member, candidates));
                    return error_node(e.span);
                }
                if (rs_.modules[m].parametrised() && m != s.module) {
                    std::string params;
                    for (auto& p : rs_.modules[m].params) params += (params.empty() ? "" : ", ") + p.name + ": …";
                    error(s.module, e.span, "Modul „" + nr->name + "“ hat Parameter: " + nr->name + "(" + params +
                                                ")." + member + " schreiben");
                    return error_node(e.span);
                }
                return reference_definition(m, it->second, e.span, s);
            }
            if (auto ei = enum_index_.find(nr->name); ei != enum_index_.end()) {
                auto& en = rs_.enums[ei->second];
                for (std::uint32_t i = 0; i < en.values.size(); ++i)
                    if (en.values[i] == member)
                        return constant(K(TypeKind::enumeration, i),
                                        rs_.types.intern(TypeKind::enumeration, ei->second), e.span);
                error(s.module, ma.member.span, "„" + en.name + "“ hat keinen Wert „" + member + "“; erlaubt: " +
                                                    join(en.values) + did_you_mean(member, en.values));
                return error_node(e.span);
            }
        }
        NodeId object = expr(*ma.object, s, TypeTable::error);
        if (is_error(object)) return object;
        TypeId t = type_of(object);
        bool optional = rs_.types.is_optional(t);
        TypeId base = rs_.types.strip_optional(t);
        if (kind(base) == TypeKind::record) {
            auto& record = rs_.records[rs_.types[base].ref];
            for (std::uint32_t i = 0; i < record.fields.size(); ++i) {
                if (record.fields[i].name != member) continue;
                TypeId ft = record.fields[i].type;
                if (optional) ft = rs_.types.optional_of(ft);
                NodeId id = add(Op::field, maybe_narrow(s, e, ft), e.span, object, i);
                if (rs_.nodes[object].trace_leaf) {
                    rs_.nodes[object].trace_leaf = false;
                    rs_.nodes[id].trace_leaf = true;
                }
                return id;
            }
            std::vector<std::string> names;
            for (auto& f : record.fields) names.push_back(f.name);
            error(s.module, ma.member.span, "„" + record.name + "“ hat kein Feld „" + member + "“" +
                                                did_you_mean(member, names));
            return error_node(e.span);
        }
        if (kind(base) == TypeKind::instance) {
            std::uint32_t m = rs_.types[base].ref;
            auto it = def_index_[m].find(member);
            if (it == def_index_[m].end()) {
                std::vector<std::string> candidates;
                for (auto& [n, _] : def_index_[m]) candidates.push_back(n);
                error(s.module, ma.member.span, "Modul „" + rs_.modules[m].name + "“ hat keine Definition „" + member +
                                                    "“" + did_you_mean(member, candidates));
                return error_node(e.span);
            }
            TypeId dt = ensure_checked(m, it->second, e.span);
            // Of a module value that may be missing (first(…), an optional field), the member may be missing too.
            if (optional) dt = rs_.types.optional_of(dt);
            return add(Op::instance_member, dt, e.span, object, it->second);
        }
        error(s.module, ma.member.span, "„." + member + "“ geht nur bei Datensätzen und Modulwerten, nicht bei " +
                                            tname(t));
        return error_node(e.span);
    }

    static std::string join(const std::vector<std::string>& items) {
        std::string out;
        for (auto& i : items) out += (out.empty() ? "" : ", ") + i;
        return out;
    }

    NodeId check(const ast::IsSet& is, const ast::Expr& e, Scope& s, TypeId) {
        NodeId operand = expr(*is.operand, s, TypeTable::error);
        if (is_error(operand)) return operand;
        if (!rs_.types.is_optional(type_of(operand))) {
            error(s.module, e.span, "„is set“ braucht einen Wert, der fehlen kann (Typ mit ?); dieser ist " +
                                        tname(type_of(operand)));
            return error_node(e.span);
        }
        return add(is.negated ? Op::is_not_set : Op::is_set, TypeTable::boolean, e.span, operand);
    }

    NodeId check(const ast::Unary& u, const ast::Expr& e, Scope& s, TypeId expected) {
        NodeId operand = expr(*u.operand, s, u.op == ast::UnaryOp::logical_not ? TypeTable::boolean : expected);
        if (is_error(operand)) return operand;
        TypeId t = type_of(operand);
        if (u.op == ast::UnaryOp::logical_not) {
            operand = coerce(operand, TypeTable::boolean, u.operand->span, "Operand von „not“");
            return add(Op::logical_not, TypeTable::boolean, e.span, operand);
        }
        switch (kind(t)) {
            case TypeKind::integer: return add(Op::negate_int, t, e.span, operand);
            case TypeKind::decimal: return add(Op::negate_decimal, t, e.span, operand);
            case TypeKind::money: return add(Op::negate_money, t, e.span, operand);
            case TypeKind::duration: return add(Op::negate_duration, t, e.span, operand);
            default:
                error(s.module, e.span, "„-“ ist für " + tname(t) + " nicht definiert");
                return error_node(e.span);
        }
    }

    NodeId check(const ast::Binary& b, const ast::Expr& e, Scope& s, TypeId) {
        using B = ast::BinaryOp;
        if (b.op == B::logical_and || b.op == B::logical_or) {
            NodeId lhs = coerce(expr(*b.lhs, s, TypeTable::boolean), TypeTable::boolean, b.lhs->span,
                                std::string("linke Seite von „") + op_text(b.op) + "“");
            Scope rs = s;
            narrowing_facts(*b.lhs, b.op == B::logical_and, text_of(s.module), rs.narrowed);
            NodeId rhs = coerce(expr(*b.rhs, rs, TypeTable::boolean), TypeTable::boolean, b.rhs->span,
                                std::string("rechte Seite von „") + op_text(b.op) + "“");
            return add(b.op == B::logical_and ? Op::logical_and : Op::logical_or, TypeTable::boolean, e.span, lhs, rhs);
        }
        if (b.op == B::in || b.op == B::not_in) return check_in(b, e, s);

        NodeId lhs = expr(*b.lhs, s, TypeTable::error);
        // The left side's type helps to read a bare enum value on the right.
        NodeId rhs = expr(*b.rhs, s, type_of(lhs));
        if (is_error(lhs) || is_error(rhs)) return error_node(e.span);
        TypeId lt = type_of(lhs), rt = type_of(rhs);
        TypeKind lk = kind(lt), rk = kind(rt);
        auto mismatch = [&]() {
            std::string hint;
            if (rs_.types.is_optional(lt) || rs_.types.is_optional(rt))
                hint = " (ein Wert kann fehlen: vorher mit „is set“ prüfen oder value_or(…) verwenden)";
            Diagnostic& d = error(s.module, b.op_span, std::string("„") + op_text(b.op) + "“ ist für " + tname(lt) +
                                                           " und " + tname(rt) + " nicht definiert" + hint);
            if (std::string fix = literal_fix(rhs, lt); !fix.empty()) attach_fix(d, fix, rs_.nodes[rhs].span);
            else attach_fix(d, literal_fix(lhs, rt), rs_.nodes[lhs].span);
            return error_node(e.span);
        };
        auto numeric = [](TypeKind k) { return k == TypeKind::integer || k == TypeKind::decimal; };

        switch (b.op) {
            case B::add:
            case B::sub: {
                bool add_op = b.op == B::add;
                if (lk == TypeKind::integer && rk == TypeKind::integer)
                    return add(add_op ? Op::add_int : Op::sub_int, TypeTable::integer, e.span, lhs, rhs);
                if (numeric(lk) && numeric(rk))
                    return add(add_op ? Op::add_decimal : Op::sub_decimal, TypeTable::decimal, e.span, to_decimal(lhs),
                               to_decimal(rhs));
                if (lk == TypeKind::money && rk == TypeKind::money)
                    return add(add_op ? Op::add_money : Op::sub_money, TypeTable::money, e.span, lhs, rhs);
                if (lk == TypeKind::date && rk == TypeKind::duration)
                    return add(add_op ? Op::add_date_duration : Op::sub_date_duration, TypeTable::date, e.span, lhs, rhs);
                if (add_op && lk == TypeKind::duration && rk == TypeKind::date)
                    return add(Op::add_date_duration, TypeTable::date, e.span, rhs, lhs);
                if (lk == TypeKind::duration && rk == TypeKind::duration)
                    return add(add_op ? Op::add_duration : Op::sub_duration, TypeTable::duration, e.span, lhs, rhs);
                if (!add_op && lk == TypeKind::date && rk == TypeKind::date) {
                    error(s.module, b.op_span, "Datum minus Datum ist nicht definiert; für die Anzahl der Tage "
                                               "days(von, bis) verwenden (zählt beide Tage mit)");
                    return error_node(e.span);
                }
                return mismatch();
            }
            case B::mul: {
                if (lk == TypeKind::integer && rk == TypeKind::integer)
                    return add(Op::mul_int, TypeTable::integer, e.span, lhs, rhs);
                if (numeric(lk) && numeric(rk))
                    return add(Op::mul_decimal, TypeTable::decimal, e.span, to_decimal(lhs), to_decimal(rhs));
                if (lk == TypeKind::money && rk == TypeKind::integer)
                    return add(Op::mul_money_int, TypeTable::money, e.span, lhs, rhs);
                if (lk == TypeKind::integer && rk == TypeKind::money)
                    return add(Op::mul_money_int, TypeTable::money, e.span, rhs, lhs);
                if (lk == TypeKind::money && rk == TypeKind::decimal)
                    return add(Op::mul_money_decimal, TypeTable::money, e.span, lhs, rhs);
                if (lk == TypeKind::decimal && rk == TypeKind::money)
                    return add(Op::mul_money_decimal, TypeTable::money, e.span, rhs, lhs);
                if (lk == TypeKind::duration && rk == TypeKind::integer)
                    return add(Op::mul_duration_int, TypeTable::duration, e.span, lhs, rhs);
                if (lk == TypeKind::integer && rk == TypeKind::duration)
                    return add(Op::mul_duration_int, TypeTable::duration, e.span, rhs, lhs);
                return mismatch();
            }
            case B::div: {
                if (lk == TypeKind::integer && rk == TypeKind::integer)
                    return add(Op::div_int, TypeTable::decimal, e.span, lhs, rhs);
                if (numeric(lk) && numeric(rk))
                    return add(Op::div_decimal, TypeTable::decimal, e.span, to_decimal(lhs), to_decimal(rhs));
                if (lk == TypeKind::money && rk == TypeKind::integer)
                    return add(Op::div_money_int, TypeTable::money, e.span, lhs, rhs);
                if (lk == TypeKind::money && rk == TypeKind::money)
                    return add(Op::div_money_money, TypeTable::decimal, e.span, lhs, rhs);
                return mismatch();
            }
            case B::eq:
            case B::ne: {
                TypeId lb = rs_.types.strip_optional(lt), rb = rs_.types.strip_optional(rt);
                Op op = b.op == B::eq ? Op::eq : Op::ne;
                if (numeric(kind(lb)) && numeric(kind(rb)) && lb != rb) {
                    if (rs_.types.is_optional(lt) || rs_.types.is_optional(rt)) return mismatch();
                    NodeId id = add(op, TypeTable::boolean, e.span, to_decimal(lhs), to_decimal(rhs));
                    rs_.nodes[id].operand_kind = TypeKind::decimal;
                    return id;
                }
                if (lb != rb) return mismatch();
                TypeKind k = kind(lb);
                if (k == TypeKind::list || k == TypeKind::record || k == TypeKind::instance) {
                    error(s.module, b.op_span, "Listen, Datensätze und Modulwerte lassen sich nicht mit „" +
                                                   std::string(op_text(b.op)) + "“ vergleichen");
                    return error_node(e.span);
                }
                NodeId id = add(op, TypeTable::boolean, e.span, lhs, rhs);
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
                    lhs = to_decimal(lhs);
                    rhs = to_decimal(rhs);
                    k = TypeKind::decimal;
                } else if (lt == rt && (lk == TypeKind::money || lk == TypeKind::date)) k = lk;
                else return mismatch();
                NodeId id = add(op, TypeTable::boolean, e.span, lhs, rhs);
                rs_.nodes[id].operand_kind = k;
                return id;
            }
            default: return mismatch();
        }
    }

    NodeId check_in(const ast::Binary& b, const ast::Expr& e, Scope& s) {
        bool negated = b.op == ast::BinaryOp::not_in;
        NodeId element = expr(*b.lhs, s, TypeTable::error);
        TypeId et = rs_.types.strip_optional(type_of(element));
        if (TypeKind k = kind(et); k == TypeKind::record || k == TypeKind::list || k == TypeKind::instance) {
            error(s.module, b.op_span, std::string("„") + op_text(b.op) + "“ vergleicht einzelne Werte; Datensätze, "
                                       "Listen und Modulwerte lassen sich so nicht suchen (any(x in liste: …) verwenden)");
            return error_node(e.span);
        }
        if (auto* set = std::get_if<ast::SetLiteral>(&b.rhs->node)) {
            std::vector<NodeId> members;
            for (auto& m : set->elements) {
                NodeId n = expr(*m, s, et);
                if (!is_error(element) && !is_error(n) && type_of(n) != et) {
                    Diagnostic& d = error(s.module, m->span, "Element der Menge: erwartet " + tname(et) +
                                                                 ", gefunden " + tname(type_of(n)));
                    attach_fix(d, literal_fix(n, et), rs_.nodes[n].span);
                    n = error_node(m->span);
                }
                members.push_back(n);
            }
            if (is_error(element)) return element;
            NodeId id = add_nary(negated ? Op::not_in_set : Op::in_set, TypeTable::boolean, e.span, members, element);
            rs_.nodes[id].operand_kind = kind(et);
            return id;
        }
        NodeId list = expr(*b.rhs, s, rs_.types.list_of(et));
        if (is_error(element) || is_error(list)) return error_node(e.span);
        TypeId lt = type_of(list);
        if (kind(lt) != TypeKind::list || rs_.types.strip_optional(rs_.types[lt].ref) != et) {
            error(s.module, b.rhs->span, std::string("rechts von „") + op_text(b.op) + "“ erwartet eine Menge {…} "
                                         "oder eine Liste von " + tname(et) + ", gefunden " + tname(lt));
            return error_node(e.span);
        }
        NodeId id = add(negated ? Op::not_in_list : Op::in_list, TypeTable::boolean, e.span, element, list);
        rs_.nodes[id].operand_kind = kind(et);
        return id;
    }

    NodeId check(const ast::If& i, const ast::Expr& e, Scope& s, TypeId expected) {
        NodeId cond = coerce(expr(*i.condition, s, TypeTable::boolean), TypeTable::boolean, i.condition->span,
                             "Bedingung von „if“");
        Scope then_scope = s, else_scope = s;
        narrowing_facts(*i.condition, true, text_of(s.module), then_scope.narrowed);
        narrowing_facts(*i.condition, false, text_of(s.module), else_scope.narrowed);
        NodeId a = expr(*i.then_branch, then_scope, expected);
        NodeId b = expr(*i.else_branch, else_scope, kind(expected) == TypeKind::error ? type_of(a) : expected);
        if (is_error(a) || is_error(b)) return error_node(e.span);
        TypeId ta = type_of(a), tb = type_of(b);
        TypeId result = ta;
        if (ta != tb) {
            if ((ta == TypeTable::integer && tb == TypeTable::decimal) ||
                (ta == TypeTable::decimal && tb == TypeTable::integer)) {
                a = to_decimal(a);
                b = to_decimal(b);
                result = TypeTable::decimal;
            } else if (rs_.types.strip_optional(ta) == rs_.types.strip_optional(tb)) {
                result = rs_.types.optional_of(ta);
            } else if (kind(ta) == TypeKind::list && kind(tb) == TypeKind::list && rs_.types[tb].ref == TypeTable::error) {
                result = ta;
            } else {
                error(s.module, e.span, "die Zweige von „if“ haben verschiedene Typen: " + tname(ta) + " und " +
                                            tname(tb));
                return error_node(e.span);
            }
        }
        return add(Op::if_then_else, result, e.span, cond, a, b);
    }

    NodeId check(const ast::Invalid&, const ast::Expr& e, Scope&, TypeId) { return error_node(e.span); }

    NodeId check(const ast::SetLiteral&, const ast::Expr& e, Scope& s, TypeId) {
        error(s.module, e.span, "Mengen {…} gibt es nur rechts von „in“; für eine Liste […] schreiben");
        return error_node(e.span);
    }

    NodeId check(const ast::ListLiteral& l, const ast::Expr& e, Scope& s, TypeId expected) {
        TypeId element = kind(expected) == TypeKind::list ? rs_.types[expected].ref : TypeTable::error;
        std::vector<NodeId> items;
        for (auto& item : l.elements) {
            NodeId n = expr(*item, s, element);
            if (element == TypeTable::error && !is_error(n)) element = type_of(n);
            else if (!is_error(n)) n = coerce(n, element, item->span, "Listenelement");
            items.push_back(n);
        }
        if (l.elements.empty() && element == TypeTable::error) {
            error(s.module, e.span, "der Typ einer leeren Liste ist hier nicht bekannt; Typ an der Definition angeben");
            return error_node(e.span);
        }
        return add_nary(Op::list_literal, rs_.types.list_of(element), e.span, items);
    }

    NodeId check(const ast::RecordLiteral& r, const ast::Expr& e, Scope& s, TypeId) {
        auto it = record_index_.find(r.type_name.name);
        if (it == record_index_.end()) {
            std::vector<std::string> names;
            for (auto& [n, _] : record_index_) names.push_back(n);
            error(s.module, r.type_name.span, "unbekannter Datensatz „" + r.type_name.name + "“" +
                                                  did_you_mean(r.type_name.name, names));
            return error_node(e.span);
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
            values[idx] = coerce(expr(*f.value, s, ft), ft, f.value->span, "Feld „" + f.name.name + "“");
        }
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (values[i] != kNoNode) continue;
            const FieldType& f = rs_.records[it->second].fields[i];
            if (f.default_value) values[i] = constant(*f.default_value, f.type, e.span);
            else if (rs_.types.is_optional(f.type)) values[i] = constant(none_constant(), f.type, e.span);
            else {
                error(s.module, e.span, "Feld „" + f.name + "“ von „" + record.name + "“ fehlt");
                failed = true;
            }
        }
        if (failed) return error_node(e.span);
        return add_nary(Op::record_literal, rs_.types.intern(TypeKind::record, it->second), e.span, values, it->second);
    }

    // ---- calls -----------------------------------------------------------------

    struct Arg {
        const ast::Argument* ast;
        NodeId node;
    };

    NodeId check(const ast::Call& c, const ast::Expr& e, Scope& s, TypeId expected) {
        const std::string& name = c.callee.name;
        // Definitions cannot be called, so a call always means a module, even when a
        // definition of the same name exists (`output zielgruppe = zielgruppe(am: stichtag).ergebnis`).
        if (auto mi = module_index_.find(name); mi != module_index_.end()) return instantiate(mi->second, c, e, s);
        if (kAggregates.count(name) && is_comprehension(c)) return comprehension(c, e, s);
        for (auto& a : c.args)
            if (a.where || a.body) {
                error(s.module, a.span, "„where“ und „:“ gibt es nur in Aufrufen wie " + name + "(x in liste …)");
                return error_node(e.span);
            }
        return builtin(c, e, s, expected);
    }

    static bool is_comprehension(const ast::Call& c) {
        if (c.args.size() != 1 || c.args[0].name) return false;
        auto* b = std::get_if<ast::Binary>(&c.args[0].value->node);
        return b && b->op == ast::BinaryOp::in && std::holds_alternative<ast::NameRef>(b->lhs->node);
    }

    NodeId instantiate(std::uint32_t m, const ast::Call& c, const ast::Expr& e, Scope& s) {
        const Module& mod = rs_.modules[m];
        if (!module_visible(s.module, mod.name)) {
            error(s.module, c.callee.span, "Modul „" + mod.name + "“ ist nicht importiert; „import " + mod.name +
                                               "“ ergänzen");
            return error_node(e.span);
        }
        if (m == s.module) {
            error(s.module, c.callee.span, "ein Modul kann sich nicht selbst aufrufen");
            return error_node(e.span);
        }
        if (!mod.parametrised()) {
            error(s.module, e.span, "Modul „" + mod.name + "“ hat keine Parameter; seine Definitionen direkt mit " +
                                        mod.name + ".name verwenden");
            return error_node(e.span);
        }
        std::vector<NodeId> args(mod.params.size(), kNoNode);
        std::size_t positional = 0;
        for (auto& a : c.args) {
            std::size_t idx;
            if (a.name) {
                auto pos = std::find_if(mod.params.begin(), mod.params.end(),
                                        [&](auto& p) { return p.name == a.name->name; });
                if (pos == mod.params.end()) {
                    std::vector<std::string> names;
                    for (auto& p : mod.params) names.push_back(p.name);
                    error(s.module, a.name->span, "Modul „" + mod.name + "“ hat keinen Parameter „" + a.name->name +
                                                      "“" + did_you_mean(a.name->name, names));
                    return error_node(e.span);
                }
                idx = static_cast<std::size_t>(pos - mod.params.begin());
            } else {
                idx = positional++;
                if (idx >= mod.params.size()) {
                    error(s.module, a.span, "zu viele Argumente für Modul „" + mod.name + "“");
                    return error_node(e.span);
                }
            }
            if (args[idx] != kNoNode) {
                error(s.module, a.span, "Parameter „" + mod.params[idx].name + "“ ist doppelt angegeben");
                return error_node(e.span);
            }
            args[idx] = coerce(expr(*a.value, s, mod.params[idx].type), mod.params[idx].type, a.value->span,
                               "Parameter „" + mod.params[idx].name + "“");
        }
        for (std::size_t i = 0; i < args.size(); ++i)
            if (args[i] == kNoNode) {
                error(s.module, e.span, "Parameter „" + mod.params[i].name + "“ von Modul „" + mod.name + "“ fehlt");
                return error_node(e.span);
            }
        for (NodeId a : args)
            if (is_error(a)) return error_node(e.span);
        return add_nary(Op::instantiate, rs_.types.intern(TypeKind::instance, m), e.span, args, m);
    }

    NodeId comprehension(const ast::Call& c, const ast::Expr& e, Scope& s) {
        const std::string& name = c.callee.name;
        const ast::Argument& arg = c.args[0];
        auto& in = std::get<ast::Binary>(arg.value->node);
        const std::string& var = std::get<ast::NameRef>(in.lhs->node).name;
        NodeId list = expr(*in.rhs, s, TypeTable::error);
        if (is_error(list)) return list;
        TypeId lt = type_of(list);
        if (kind(lt) != TypeKind::list) {
            error(s.module, in.rhs->span, "nach „" + var + " in“ erwartet eine Liste, gefunden " + tname(lt));
            return error_node(e.span);
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
        if ((where != kNoNode && is_error(where)) || (body != kNoNode && is_error(body))) return error_node(e.span);

        auto need_body = [&](const char* what) {
            error(s.module, arg.span, name + "(" + var + " in liste: …) braucht nach „:“ " + what);
            return error_node(e.span);
        };
        auto no_body = [&]() {
            error(s.module, arg.body->span, name + "(…) nimmt keinen Wert nach „:“; Bedingungen stehen nach „where“");
            return error_node(e.span);
        };
        auto make = [&](Op op, TypeId type, TypeKind operand = TypeKind::error) {
            NodeId id = add(op, type, e.span, list, where, body);
            rs_.nodes[id].binder = slot;
            rs_.nodes[id].operand_kind = operand;
            return id;
        };
        if (name == "count") {
            if (body != kNoNode) return no_body();
            return make(Op::agg_count, TypeTable::integer);
        }
        if (name == "filter") {
            if (body != kNoNode) return no_body();
            return make(Op::agg_filter, lt);
        }
        if (name == "first") {
            if (body != kNoNode) return no_body();
            return make(Op::agg_first, rs_.types.optional_of(element));
        }
        if (name == "all" || name == "any") {
            if (body == kNoNode) return need_body("eine Bedingung");
            body = coerce(body, TypeTable::boolean, arg.body->span, "Bedingung");
            NodeId id = make(name == "all" ? Op::agg_all : Op::agg_any, TypeTable::boolean);
            rs_.nodes[id].c = body;
            return id;
        }
        if (name == "map") {
            if (body == kNoNode) return need_body("einen Wert");
            return make(Op::agg_map, rs_.types.list_of(type_of(body)));
        }
        // sum, min, max, earliest, latest
        if (body == kNoNode) {
            body = add(Op::binder, element, in.lhs->span, slot);
        }
        TypeId bt = type_of(body);
        TypeKind bk = kind(bt);
        if (name == "sum") {
            if (bk != TypeKind::integer && bk != TypeKind::decimal && bk != TypeKind::money) {
                error(s.module, arg.span, "sum(…) addiert int, decimal oder money, nicht " + tname(bt));
                return error_node(e.span);
            }
            return make(Op::agg_sum, bt, bk);
        }
        bool dates = name == "earliest" || name == "latest";
        if (dates ? bk != TypeKind::date
                  : (bk != TypeKind::integer && bk != TypeKind::decimal && bk != TypeKind::money)) {
            error(s.module, arg.span, name + "(…) braucht " + (dates ? "Daten (date)" : "Zahlen oder Beträge") +
                                          ", nicht " + tname(bt));
            return error_node(e.span);
        }
        bool minimum = name == "min" || name == "earliest";
        return make(minimum ? Op::agg_min : Op::agg_max, rs_.types.optional_of(bt), bk);
    }

    NodeId builtin(const ast::Call& c, const ast::Expr& e, Scope& s, TypeId expected) {
        const std::string& name = c.callee.name;
        struct Signature {
            Op op;
            std::vector<std::pair<const char*, TypeId>> params;
            TypeId result;
        };
        static const std::map<std::string, Signature> fixed = {
            {"age", {Op::age, {{"birth", TypeTable::date}, {"on", TypeTable::date}}, TypeTable::integer}},
            {"birthday", {Op::birthday, {{"birth", TypeTable::date}, {"years", TypeTable::integer}}, TypeTable::date}},
            {"add_days", {Op::add_days, {{"date", TypeTable::date}, {"days", TypeTable::integer}}, TypeTable::date}},
            {"add_months", {Op::add_months, {{"date", TypeTable::date}, {"months", TypeTable::integer}}, TypeTable::date}},
            {"add_years", {Op::add_years, {{"date", TypeTable::date}, {"years", TypeTable::integer}}, TypeTable::date}},
            {"days", {Op::days_inclusive, {{"from", TypeTable::date}, {"to", TypeTable::date}}, TypeTable::integer}},
            {"months_touched", {Op::months_touched, {{"from", TypeTable::date}, {"to", TypeTable::date}}, TypeTable::integer}},
            {"full_months", {Op::full_months, {{"from", TypeTable::date}, {"to", TypeTable::date}}, TypeTable::integer}},
            {"year", {Op::year_of, {{"date", TypeTable::date}}, TypeTable::integer}},
            {"month", {Op::month_of, {{"date", TypeTable::date}}, TypeTable::integer}},
            {"day", {Op::day_of, {{"date", TypeTable::date}}, TypeTable::integer}},
            {"floor", {Op::floor_decimal, {{"value", TypeTable::decimal}}, TypeTable::integer}},
            {"ceil", {Op::ceil_decimal, {{"value", TypeTable::decimal}}, TypeTable::integer}},
            {"round", {Op::round_decimal, {{"value", TypeTable::decimal}}, TypeTable::integer}},
            {"trim", {Op::trim, {{"text", TypeTable::text}}, TypeTable::text}},
        };
        std::vector<std::string> all_names = {"age", "birthday", "add_days", "add_months", "add_years", "days",
                                              "months_touched", "full_months", "year", "month", "day", "floor", "ceil", "round",
                                              "trim", "is_blank", "value_or", "earliest", "latest", "min", "max",
                                              "count", "sum", "all", "any", "filter", "map", "first", "reasons",
                                              "uses_example_values", "all_of", "any_of", "format"};
        if (auto it = fixed.find(name); it != fixed.end()) {
            const Signature& sig = it->second;
            std::vector<NodeId> args(sig.params.size(), kNoNode);
            if (!bind_arguments(c, e, s, name, sig.params, args)) return error_node(e.span);
            return add_nary(sig.op, sig.result, e.span, args);
        }
        if (name == "is_blank") {
            if (c.args.size() != 1 || c.args[0].name) return arity(e, s, name, "einen Text");
            NodeId a = expr(*c.args[0].value, s, TypeTable::text);
            if (is_error(a)) return a;
            if (rs_.types.strip_optional(type_of(a)) != TypeTable::text) {
                error(s.module, c.args[0].value->span, "is_blank(…) braucht text oder text?, gefunden " + tname(type_of(a)));
                return error_node(e.span);
            }
            return add_nary(Op::is_blank, TypeTable::boolean, e.span, {a});
        }
        if (name == "format") return format_call(c, e, s);
        if (name == "value_or") {
            if (c.args.size() != 2 || c.args[0].name || c.args[1].name)
                return arity(e, s, name, "zwei Argumente: value_or(wert, ersatz)");
            NodeId a = expr(*c.args[0].value, s, rs_.types.optional_of(expected));
            if (is_error(a)) return a;
            TypeId inner = rs_.types.strip_optional(type_of(a));
            if (!rs_.types.is_optional(type_of(a))) {
                error(s.module, c.args[0].value->span, "value_or(…) braucht einen Wert, der fehlen kann; dieser ist " +
                                                           tname(type_of(a)));
                return error_node(e.span);
            }
            NodeId b = coerce(expr(*c.args[1].value, s, inner), inner, c.args[1].value->span, "Ersatzwert");
            if (is_error(b)) return b;
            return add_nary(Op::value_or, inner, e.span, {a, b});
        }
        if (name == "earliest" || name == "latest" || name == "min" || name == "max") {
            bool dates = name == "earliest" || name == "latest";
            if (c.args.size() < 2) return arity(e, s, name, "mindestens zwei Werte oder „x in liste: …“");
            std::vector<NodeId> args;
            bool any_decimal = false;
            TypeKind k = TypeKind::error;
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
                    return error_node(e.span);
                }
                if (nk == TypeKind::decimal) any_decimal = true;
                if (k == TypeKind::error) k = nk;
                else if (k != nk && !((k == TypeKind::integer || k == TypeKind::decimal) &&
                                      (nk == TypeKind::integer || nk == TypeKind::decimal))) {
                    error(s.module, a.value->span, name + "(…): alle Werte brauchen denselben Typ");
                    return error_node(e.span);
                }
                args.push_back(n);
            }
            if (any_decimal) {
                for (auto& a : args) a = to_decimal(a);
                k = TypeKind::decimal;
            }
            Op op = name == "earliest" || name == "min" ? Op::min_of : Op::max_of;
            if (dates) op = name == "earliest" ? Op::earliest : Op::latest;
            TypeId result = type_of(args[0]);
            NodeId id = add_nary(op, result, e.span, args);
            rs_.nodes[id].operand_kind = k;
            return id;
        }
        if (name == "all_of" || name == "any_of") {
            if (c.args.empty()) return arity(e, s, name, "mindestens eine Bedingung");
            std::vector<NodeId> conditions;
            for (auto& a : c.args) {
                if (a.name) return arity(e, s, name, "Bedingungen ohne Namen");
                NodeId n = coerce(expr(*a.value, s, TypeTable::boolean), TypeTable::boolean, a.value->span,
                                  name + "(…)");
                if (is_error(n)) return n;
                conditions.push_back(n);
            }
            return add_nary(name == "all_of" ? Op::all_of : Op::any_of, TypeTable::boolean, e.span, conditions);
        }
        if (name == "count") {
            if (c.args.size() != 1 || c.args[0].name) return arity(e, s, name, "eine Liste oder „x in liste where …“");
            NodeId a = expr(*c.args[0].value, s, TypeTable::error);
            if (is_error(a)) return a;
            if (kind(type_of(a)) != TypeKind::list) {
                error(s.module, c.args[0].value->span, "count(…) braucht eine Liste, gefunden " + tname(type_of(a)));
                return error_node(e.span);
            }
            return add_nary(Op::count_list, TypeTable::integer, e.span, {a});
        }
        if (name == "reasons" || name == "uses_example_values") {
            bool reasons = name == "reasons";
            if (c.args.empty() || (reasons && c.args.size() != 1))
                return arity(e, s, name, reasons ? "genau eine Regel" : "mindestens eine Definition");
            std::vector<NodeId> refs;
            for (auto& a : c.args) {
                NodeId n = expr(*a.value, s, TypeTable::error);
                if (is_error(n)) return n;
                Op op = rs_.nodes[n].op;
                if (op != Op::definition && op != Op::own_definition && op != Op::instance_member) {
                    error(s.module, a.value->span, name + "(…) braucht den Namen einer Definition");
                    return error_node(e.span);
                }
                if (reasons && type_of(n) != TypeTable::boolean) {
                    error(s.module, a.value->span, "reasons(…) braucht eine Regel (bool), gefunden " + tname(type_of(n)));
                    return error_node(e.span);
                }
                refs.push_back(n);
            }
            rs_.uses_explanations = true;
            TypeId result = reasons ? rs_.types.list_of(rs_.types.intern(TypeKind::record, rs_.reason_record))
                                    : TypeTable::boolean;
            return add_nary(reasons ? Op::reasons : Op::uses_example_values, result, e.span, refs);
        }
        if (kAggregates.count(name)) return arity(e, s, name, "„x in liste …“");
        error(s.module, c.callee.span, "unbekannte Funktion „" + name + "“" + did_you_mean(name, all_names));
        return error_node(e.span);
    }

    // format("{} weitergeleitet, Pauschalen ergeben {}", betrag, soll): a text with each `{}`
    // replaced by the German rendering of the next value (9.000,00 €, 31.12.2021, 0,5, ja,
    // an enum value's label, „—“ for none); `{{` and `}}` stand for braces.  The template is
    // a literal, so a wrong number of values is found before any case is evaluated.
    NodeId format_call(const ast::Call& c, const ast::Expr& e, Scope& s) {
        const char* usage = "eine Vorlage in Anführungszeichen und ihre Werte, z. B. format(\"{} von {}\", a, b)";
        if (c.args.empty()) return arity(e, s, "format", usage);
        for (auto& a : c.args)
            if (a.name) return arity(e, s, "format", usage);
        auto* literal = std::get_if<ast::TextLiteral>(&c.args[0].value->node);
        if (!literal) {
            error(s.module, c.args[0].value->span, "format(…): die Vorlage muss ein Text in Anführungszeichen sein");
            return error_node(e.span);
        }
        std::optional<std::size_t> holes = format_placeholders(literal->value);
        if (!holes) {
            error(s.module, c.args[0].value->span,
                  "format(…): Platzhalter sind {}; „{“ und „}“ als Zeichen verdoppeln ({{ und }})");
            return error_node(e.span);
        }
        if (*holes != c.args.size() - 1) {
            error(s.module, e.span, "format(…): die Vorlage hat " + std::to_string(*holes) + " Platzhalter {}, aber " +
                                        std::to_string(c.args.size() - 1) + " Wert(e)");
            return error_node(e.span);
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
        if (failed) return error_node(e.span);
        return add_nary(Op::format_text, TypeTable::text, e.span, kids);
    }

    NodeId arity(const ast::Expr& e, Scope& s, const std::string& name, const std::string& what) {
        error(s.module, e.span, name + "(…) erwartet " + what);
        return error_node(e.span);
    }

    bool bind_arguments(const ast::Call& c, const ast::Expr& e, Scope& s, const std::string& name,
                        const std::vector<std::pair<const char*, TypeId>>& params, std::vector<NodeId>& out) {
        std::size_t positional = 0;
        for (auto& a : c.args) {
            std::size_t idx;
            if (a.name) {
                auto pos = std::find_if(params.begin(), params.end(), [&](auto& p) { return a.name->name == p.first; });
                if (pos == params.end()) {
                    std::vector<std::string> names;
                    for (auto& p : params) names.push_back(p.first);
                    error(s.module, a.name->span, name + "(…) hat kein Argument „" + a.name->name + "“" +
                                                      did_you_mean(a.name->name, names));
                    return false;
                }
                idx = static_cast<std::size_t>(pos - params.begin());
            } else {
                idx = positional++;
            }
            if (idx >= params.size()) {
                error(s.module, a.span, name + "(…) hat nur " + std::to_string(params.size()) + " Argument(e)");
                return false;
            }
            if (out[idx] != kNoNode) {
                error(s.module, a.span, "Argument „" + std::string(params[idx].first) + "“ ist doppelt angegeben");
                return false;
            }
            NodeId n = expr(*a.value, s, params[idx].second);
            out[idx] = coerce(n, params[idx].second, a.value->span,
                              name + "(…), Argument „" + params[idx].first + "“");
            if (is_error(out[idx])) return false;
        }
        for (std::size_t i = 0; i < out.size(); ++i)
            if (out[i] == kNoNode) {
                std::string sig;
                for (auto& p : params) sig += (sig.empty() ? "" : ", ") + std::string(p.first);
                error(s.module, e.span, name + "(" + sig + "): Argument „" + params[i].first + "“ fehlt");
                return false;
            }
        return true;
    }

    // ---- outputs and case inputs -----------------------------------------------

    void collect_outputs() {
        for (std::uint32_t m = 0; m < rs_.modules.size(); ++m) {
            auto& mod = rs_.modules[m];
            for (std::uint32_t d = 0; d < mod.definitions.size(); ++d)
                if (mod.definitions[d].kind == DefinitionKind::output) {
                    mod.outputs.push_back(d);
                    if (!mod.parametrised()) rs_.outputs.push_back({m, d});
                }
        }
    }

    void resolve_case_inputs() {
        auto resolve = [&](const std::string& name, const char* what, std::optional<std::uint32_t>& out,
                           std::initializer_list<TypeKind> kinds) {
            if (name.empty()) return;
            auto it = input_index_.find(name);
            if (it == input_index_.end()) {
                std::vector<std::string> names;
                for (auto& [n, _] : input_index_) names.push_back(n);
                diags_.general_error(std::string(what) + ": das Regelwerk deklariert keine Eingabe „" + name + "“" +
                                     did_you_mean(name, names));
                return;
            }
            TypeKind k = kind(rs_.inputs[it->second].field.type);
            if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) {
                auto& in = rs_.inputs[it->second];
                diags_.error(in.file, in.field.span, std::string(what) + " „" + name + "“ hat den falschen Typ " +
                                                         tname(in.field.type));
                return;
            }
            out = it->second;
        };
        resolve(options_.case_id_input, "Fallkennung", rs_.case_id_input, {TypeKind::text, TypeKind::integer});
        resolve(options_.check_date_input, "Stichtag", rs_.check_date_input, {TypeKind::date});
        // The check date chooses the versions of parameters and rules: moving it is no way to
        // help a person (and its days would need the version boundaries, not only the rules').
        if (rs_.check_date_input && rs_.inputs[*rs_.check_date_input].field.lever) {
            const auto& in = rs_.inputs[*rs_.check_date_input];
            diags_.error(in.file, in.field.span, "der Stichtag „" + in.field.name +
                                                     "“ kann kein Hebel (hebel) sein: er wählt die Fassungen der Parameter und Regeln");
        }
    }

    // ---- state -------------------------------------------------------------------

    std::vector<ast::Module>& modules_;
    const CheckOptions& options_;
    Diagnostics& diags_;
    RuleSet rs_;
    std::uint32_t current_module_ = 0;
    std::uint32_t builtin_record_count_ = 0;
    std::unordered_map<std::string, std::uint32_t> module_index_, enum_index_, record_index_, input_index_,
        param_index_;
    std::vector<std::pair<std::uint32_t, const ast::RecordDecl*>> record_ast_;
    std::vector<std::unordered_map<std::string, std::uint32_t>> def_index_;
    std::vector<std::vector<const ast::Definition*>> def_ast_;
    std::vector<std::vector<DefState>> def_state_;
    std::vector<std::set<std::string>> imports_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> stack_;
    std::set<std::pair<std::uint32_t, std::uint32_t>> cycle_reported_;
    bool chain_too_deep_reported_ = false;
};

}  // namespace

CheckResult check(std::vector<ast::Module>& modules, const CheckOptions& options) {
    CheckResult result;
    Checker checker(modules, options, result.diagnostics);
    RuleSet checked = checker.run();
    // With errors the rule set is incomplete, but its declarations (types, parameters) are
    // still good enough to check the parameter files in the same run.
    if (result.diagnostics.has_errors()) result.partial_rule_set = std::move(checked);
    else result.rule_set = std::move(checked);
    return result;
}

}  // namespace klappt::dsl
