// Phase 1 and 2 of the checker: the declarations of all modules — modules, enums (with
// their `auch` words), records (fields, defaults, `check`s), inputs, parameters and the
// definitions' names — and the declared types.  A duplicate is reported with both places.
#include "dsl/checker/checker_impl.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "dsl/enum_lookup.hpp"

namespace klappt::dsl::checking {

namespace {

const std::vector<std::string>& builtin_types() {
    static const std::vector<std::string> names = {"bool", "int", "decimal", "money", "date", "duration", "text"};
    return names;
}

std::string builtin_type_list() {
    std::string out;
    for (const auto& n : builtin_types()) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace

void Checker::declare_builtin_records() {
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

void Checker::declare_modules() {
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

namespace {

// Where a global declaration stands, for the note „erste Definition“ of a doubled name.
template <typename Declared>
std::pair<SourceRef, Span> place_of(const Declared& d) {
    return {d.file, d.span};
}
std::pair<SourceRef, Span> place_of(const InputDeclaration& d) { return {d.file, d.field.span}; }

}  // namespace

template <typename Map, typename Declared>
bool Checker::declare_global(Map& index, const std::vector<Declared>& declared, const std::string& name,
                             std::uint32_t module, Span span, const char* what) {
    if (name == "true" || name == "false" || name == "none") {
        error(module, span,
              "„" + name + "“ ist ein reserviertes Wort (true, false und none); einen anderen Namen wählen");
        return false;
    }
    auto [it, fresh] = index.emplace(name, static_cast<std::uint32_t>(declared.size()));
    if (!fresh) {
        auto [file, first] = place_of(declared[it->second]);
        auto& d = error(module, span, std::string(what) + " „" + name + "“ ist doppelt definiert");
        if (file) d.notes.push_back({file, first, "erste Definition"});
        return false;
    }
    return true;
}

void Checker::declare_types() {
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
                if (is_builtin_type_name(out.name)) {
                    error(m, e->name.span, "„" + out.name + "“ ist ein eingebauter Typ (" + builtin_type_list() +
                                               "); einen anderen Namen wählen");
                    continue;
                }
                if (record_index_.count(out.name)) {
                    auto& r = rs_.records[record_index_[out.name]];
                    auto& d = error(m, e->name.span, "Typ „" + out.name + "“ ist doppelt definiert");
                    if (r.file) d.notes.push_back({r.file, r.span, "erste Definition"});
                    continue;
                }
                if (declare_global(enum_index_, rs_.enums, out.name, m, e->name.span, "Aufzählung"))
                    rs_.enums.push_back(std::move(out));
            } else if (auto* r = std::get_if<ast::RecordDecl>(&item)) {
                if (is_builtin_type_name(r->name.name)) {
                    error(m, r->name.span, "„" + r->name.name + "“ ist ein eingebauter Typ (" + builtin_type_list() +
                                               "); einen anderen Namen wählen");
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
                if (declare_global(record_index_, rs_.records, out.name, m, r->name.span, "Datensatz")) {
                    rs_.records.push_back(std::move(out));
                    record_ast_.push_back({m, r});
                }
            }
        }
    }
}

bool Checker::is_builtin_type_name(const std::string& n) {
    return std::find(builtin_types().begin(), builtin_types().end(), n) != builtin_types().end();
}

// Every name a type may have: the built-in ones, then the enums and records, alphabetically.
std::vector<std::string> Checker::type_names() const {
    std::vector<std::string> out = builtin_types();
    std::vector<std::string> declared;
    for (auto& [n, _] : enum_index_) declared.push_back(n);
    for (auto& [n, _] : record_index_) declared.push_back(n);
    std::sort(declared.begin(), declared.end());
    out.insert(out.end(), declared.begin(), declared.end());
    return out;
}

// The type names for a message: all built-in ones and up to twelve declared ones (a rule set
// may declare many; the rest is „…“).
std::string Checker::known_types() const {
    constexpr std::size_t kShown = 7 + 12;
    std::vector<std::string> names = type_names();
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < kShown; ++i) out += (i == 0 ? "" : ", ") + names[i];
    if (names.size() > kShown) out += ", …";
    return out;
}

namespace {

// „; meinten Sie „date“?“ for a type written as the German word (Datum) or as another
// language names it (string): no typo of a type name, so did_you_mean does not find it.
std::string builtin_type_for_word(const std::string& word) {
    static const std::map<std::string, std::string> words = {
        {"datum", "date"},       {"zahl", "int"},           {"ganzzahl", "int"},     {"integer", "int"},
        {"dezimalzahl", "decimal"}, {"kommazahl", "decimal"}, {"float", "decimal"}, {"double", "decimal"},
        {"betrag", "money"},     {"geld", "money"},         {"euro", "money"},       {"dauer", "duration"},
        {"string", "text"},      {"wahrheitswert", "bool"}, {"boolean", "bool"},     {"liste", "list of …"}};
    std::string key;
    for (char c : word) key += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    auto it = words.find(key);
    return it == words.end() ? "" : "; meinten Sie „" + it->second + "“?";
}

}  // namespace

TypeId Checker::resolve_type(const ast::TypeExpr& t, std::uint32_t module) {
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
        std::string hint = did_you_mean(t.name.name, type_names());
        if (hint.empty()) hint = builtin_type_for_word(t.name.name);
        error(module, t.name.span, "unbekannter Typ „" + t.name.name + "“; erlaubt: " + known_types() + hint);
        return TypeTable::error;
    }
    if (t.optional) base = rs_.types.optional_of(base);
    for (int i = 0; i < t.list_depth; ++i) base = rs_.types.list_of(base);
    return base;
}

// A default value must be a constant: a literal, an enum value or an empty list.
std::optional<Constant> Checker::default_constant(const ast::Expr& e, TypeId type, std::uint32_t module) {
    current_module_ = module;
    Scope scope = scope_in(module);
    std::size_t before = rs_.nodes.size();
    NodeId n = declared_value(e, scope, type);
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

FieldType Checker::field(const ast::FieldDecl& f, std::uint32_t module) {
    FieldType out;
    out.name = f.name.name;
    out.type = resolve_type(f.type, module);
    out.label = f.label ? f.label->value : "";
    out.span = f.name.span;
    out.lever = f.lever;
    return out;
}

void Checker::resolve_record_fields() {
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

void Checker::check_record_checks() {
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

void Checker::declare_inputs_and_params() {
    for (std::uint32_t m = 0; m < modules_.size(); ++m) {
        current_module_ = m;
        for (auto& item : modules_[m].items) {
            if (auto* in = std::get_if<ast::InputDecl>(&item)) {
                InputDeclaration decl{field(in->field, m), file_of(m), m};
                if (in->field.default_value)
                    decl.field.default_value = default_constant(*in->field.default_value, decl.field.type, m);
                if (declare_global(input_index_, rs_.inputs, decl.field.name, m, in->field.name.span, "Eingabe"))
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
                if (declare_global(param_index_, rs_.params, decl.name, m, p->name.span, "Parameter"))
                    rs_.params.push_back(std::move(decl));
            }
        }
    }
}

void Checker::declare_definitions() {
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
                error(m, def->name.span,
                      "„" + name + "“ ist ein reserviertes Wort (true, false und none); einen anderen Namen wählen");
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

}  // namespace klappt::dsl::checking
