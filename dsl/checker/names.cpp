// Names and member access: comprehension binders, a record's fields in its `check`, module
// parameters, definitions, inputs, parameters, enum values, `Modul.name` and `wert.feld`.
#include "dsl/checker/checker_impl.hpp"

#include <algorithm>

namespace klappt::dsl::checking {

namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

}  // namespace

// Names that shadow module and type names.
bool Checker::is_value_name(const std::string& n, const Scope& s) const {
    for (auto& b : s.binders)
        if (b.name == n) return true;
    for (auto& p : rs_.modules[s.module].params)
        if (p.name == n) return true;
    return def_index_[s.module].count(n) || input_index_.count(n) || param_index_.count(n);
}

std::vector<std::string> Checker::visible_names(const Scope& s, TypeId expected) const {
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

// A use of definition d of module m.  Of a module with parameters only its own definitions are
// read this way (Op::own_definition, in the instance being evaluated): a bare name is always of
// the current module, and `modul.name` of another module with parameters is reported before.
NodeId Checker::reference_definition(std::uint32_t m, std::uint32_t d, Span span) {
    TypeId t = ensure_checked(m, d, span);
    return emit_.node(rs_.modules[m].parametrised() ? Op::own_definition : Op::definition, t, span, m, d);
}

NodeId Checker::check(const ast::NameRef& n, const ast::Expr& e, Scope& s, TypeId expected) {
    const std::string& name = n.name;
    if (s.record) {
        const RecordType& record = rs_.records[*s.record];
        for (std::uint32_t i = 0; i < record.fields.size(); ++i)
            if (record.fields[i].name == name) {
                if (s.check_fields && std::find(s.check_fields->begin(), s.check_fields->end(), i) == s.check_fields->end())
                    s.check_fields->push_back(i);
                NodeId self = emit_.node(Op::binder, rs_.types.intern(TypeKind::record, *s.record), e.span, s.record_binder);
                return emit_.node(Op::field, record.fields[i].type, e.span, self, i);
            }
    }
    for (auto it = s.binders.rbegin(); it != s.binders.rend(); ++it)
        if (it->name == name) return emit_.node(Op::binder, maybe_narrow(s, e, it->type), e.span, it->slot);
    auto& mod = rs_.modules[s.module];
    for (std::uint32_t i = 0; i < mod.params.size(); ++i)
        if (mod.params[i].name == name) {
            NodeId id = emit_.node(Op::module_param, maybe_narrow(s, e, mod.params[i].type), e.span, i);
            rs_.nodes[id].trace_leaf = true;
            return id;
        }
    if (auto it = def_index_[s.module].find(name); it != def_index_[s.module].end()) {
        NodeId id = reference_definition(s.module, it->second, e.span);
        if (!is_error(id)) rs_.nodes[id].type = maybe_narrow(s, e, rs_.nodes[id].type);
        return id;
    }
    if (auto it = input_index_.find(name); it != input_index_.end()) {
        if (s.check_inputs && std::find(s.check_inputs->begin(), s.check_inputs->end(), it->second) == s.check_inputs->end())
            s.check_inputs->push_back(it->second);
        NodeId id = emit_.node(Op::input, maybe_narrow(s, e, rs_.inputs[it->second].field.type), e.span, it->second);
        rs_.nodes[id].trace_leaf = true;
        return id;
    }
    if (auto it = param_index_.find(name); it != param_index_.end())
        return emit_.node(Op::param, maybe_narrow(s, e, rs_.params[it->second].type), e.span, it->second);
    if (name == "none") {
        if (kind(expected) == TypeKind::error) {
            if (s.declared_type_unknown) return emit_.error_node(e.span);
            error(s.module, e.span, "der Typ von „none“ ist hier nicht bekannt; Typ an der Definition angeben (z. B. let x: date? = …)");
            return emit_.error_node(e.span);
        }
        return emit_.constant(none_constant(), rs_.types.optional_of(expected), e.span);
    }
    // A bare enum value: of the expected enum, or of the only enum that has it.
    TypeId base = rs_.types.strip_optional(expected);
    if (kind(base) == TypeKind::enumeration) {
        auto& en = rs_.enums[rs_.types[base].ref];
        for (std::uint32_t i = 0; i < en.values.size(); ++i)
            if (en.values[i] == name) return emit_.constant(K(TypeKind::enumeration, i), base, e.span);
    }
    std::vector<std::uint32_t> owners;
    for (std::uint32_t i = 0; i < rs_.enums.size(); ++i)
        if (std::find(rs_.enums[i].values.begin(), rs_.enums[i].values.end(), name) != rs_.enums[i].values.end())
            owners.push_back(i);
    if (owners.size() == 1) {
        auto& en = rs_.enums[owners[0]];
        auto ord = static_cast<std::int64_t>(std::find(en.values.begin(), en.values.end(), name) - en.values.begin());
        return emit_.constant(K(TypeKind::enumeration, ord), rs_.types.intern(TypeKind::enumeration, owners[0]), e.span);
    }
    if (owners.size() > 1) {
        error(s.module, e.span, "„" + name + "“ ist Wert mehrerer Aufzählungen; schreiben Sie " +
                                    rs_.enums[owners[0]].name + "." + name + " oder " + rs_.enums[owners[1]].name +
                                    "." + name);
        return emit_.error_node(e.span);
    }
    if (module_index_.count(name)) {
        error(s.module, e.span, "„" + name + "“ ist ein Modul, kein Wert; gemeint ist wohl " + name + ".…");
        return emit_.error_node(e.span);
    }
    if (unparsed(name)) return emit_.error_node(e.span);  // already reported as a syntax error
    error(s.module, e.span, "unbekannter Name „" + name + "“" + did_you_mean(name, visible_names(s, expected)));
    return emit_.error_node(e.span);
}

// A declaration of that name failed to parse somewhere: its uses are not reported again.
bool Checker::unparsed(const std::string& name) const {
    for (const auto& mod : modules_)
        if (std::find(mod.unparsed_names.begin(), mod.unparsed_names.end(), name) != mod.unparsed_names.end())
            return true;
    return false;
}

bool Checker::module_visible(std::uint32_t from, const std::string& name) const {
    return imports_[from].count(name) || rs_.modules[from].name == name;
}

NodeId Checker::check(const ast::MemberAccess& ma, const ast::Expr& e, Scope& s, TypeId) {
    const std::string& member = ma.member.name;
    if (auto* nr = std::get_if<ast::NameRef>(&ma.object->node); nr && !is_value_name(nr->name, s)) {
        if (auto mi = module_index_.find(nr->name); mi != module_index_.end()) {
            std::uint32_t m = mi->second;
            if (!module_visible(s.module, nr->name)) {
                error(s.module, ma.object->span, "Modul „" + nr->name + "“ ist nicht importiert; „import " +
                                                     nr->name + "“ ergänzen");
                return emit_.error_node(e.span);
            }
            auto it = def_index_[m].find(member);
            if (it == def_index_[m].end()) {
                // An input declared in that module, reached past a definition that shadows it.
                if (auto in = input_index_.find(member); in != input_index_.end() && rs_.inputs[in->second].module == m) {
                    NodeId id = emit_.node(Op::input, maybe_narrow(s, e, rs_.inputs[in->second].field.type), e.span, in->second);
                    rs_.nodes[id].trace_leaf = true;
                    return id;
                }
                if (unparsed(member)) return emit_.error_node(e.span);
                std::vector<std::string> candidates;
                for (auto& [n, _] : def_index_[m]) candidates.push_back(n);
                for (auto& in : rs_.inputs)
                    if (in.module == m) candidates.push_back(in.field.name);
                error(s.module, ma.member.span, "Modul „" + nr->name + "“ hat keine Definition „" + member + "“" +
                                                    did_you_mean(member, candidates));
                return emit_.error_node(e.span);
            }
            if (rs_.modules[m].parametrised() && m != s.module) {
                std::string params;
                for (auto& p : rs_.modules[m].params) params += (params.empty() ? "" : ", ") + p.name + ": …";
                error(s.module, e.span, "Modul „" + nr->name + "“ hat Parameter: " + nr->name + "(" + params +
                                            ")." + member + " schreiben");
                return emit_.error_node(e.span);
            }
            return reference_definition(m, it->second, e.span);
        }
        if (auto ei = enum_index_.find(nr->name); ei != enum_index_.end()) {
            auto& en = rs_.enums[ei->second];
            for (std::uint32_t i = 0; i < en.values.size(); ++i)
                if (en.values[i] == member)
                    return emit_.constant(K(TypeKind::enumeration, i),
                                    rs_.types.intern(TypeKind::enumeration, ei->second), e.span);
            error(s.module, ma.member.span, "„" + en.name + "“ hat keinen Wert „" + member + "“; erlaubt: " +
                                                join(en.values) + did_you_mean(member, en.values));
            return emit_.error_node(e.span);
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
            NodeId id = emit_.node(Op::field, maybe_narrow(s, e, ft), e.span, object, i);
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
        return emit_.error_node(e.span);
    }
    if (kind(base) == TypeKind::instance) {
        std::uint32_t m = rs_.types[base].ref;
        auto it = def_index_[m].find(member);
        if (it == def_index_[m].end()) {
            std::vector<std::string> candidates;
            for (auto& [n, _] : def_index_[m]) candidates.push_back(n);
            error(s.module, ma.member.span, "Modul „" + rs_.modules[m].name + "“ hat keine Definition „" + member +
                                                "“" + did_you_mean(member, candidates));
            return emit_.error_node(e.span);
        }
        TypeId dt = ensure_checked(m, it->second, e.span);
        // Of a module value that may be missing (first(…), an optional field), the member may be missing too.
        if (optional) dt = rs_.types.optional_of(dt);
        return emit_.node(Op::instance_member, dt, e.span, object, it->second);
    }
    error(s.module, ma.member.span, "„." + member + "“ geht nur bei Datensätzen und Modulwerten, nicht bei " +
                                        tname(t));
    return emit_.error_node(e.span);
}

}  // namespace klappt::dsl::checking
