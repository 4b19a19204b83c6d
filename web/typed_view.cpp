#include "web/typed_view.hpp"

#include "web/german_form.hpp"
#include "web/html.hpp"

namespace klappt::web {

namespace {

using json = nlohmann::ordered_json;

struct Member {
    std::string name, label;
    TypeId type;
};

std::vector<Member> members(const Program& program, TypeId type) {
    const TypeTable& types = program.rules.types;
    TypeId t = types.strip_optional(type);
    std::vector<Member> out;
    if (types.kind(t) == TypeKind::record) {
        for (const FieldType& f : program.rules.records[types[t].ref].fields) out.push_back({f.name, f.label, f.type});
    } else if (types.kind(t) == TypeKind::instance) {
        const Module& m = program.rules.modules[types[t].ref];
        for (std::uint32_t d : m.outputs) out.push_back({m.definitions[d].name, m.definitions[d].label, m.definitions[d].type});
    }
    return out;
}

bool is_single(const Program& program, TypeId type) {
    return is_scalar_kind(program.rules.types.kind(program.rules.types.strip_optional(type)));
}

std::string scalar_text(const Program& program, TypeId type, const json& v) {
    if (v.is_null()) return "–";
    if (v.is_boolean()) return v.get<bool>() ? "ja" : "nein";
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    if (!v.is_string()) return v.dump();
    std::string s = v.get<std::string>();
    return german_form(program, type, s).value_or(s);
}

// One line of a nested record (a violation): its single values joined with " · ".
std::string line_of(const Program& program, TypeId type, const json& v) {
    std::string out;
    for (const Member& m : members(program, type)) {
        if (!v.contains(m.name) || !is_single(program, m.type) || v[m.name].is_null()) continue;
        std::string text = scalar_text(program, m.type, v[m.name]);
        if (text.empty() || text == "nein") continue;
        out += (out.empty() ? "" : " · ") + escape(text);
    }
    return out;
}

std::string value_html(const Program& program, TypeId type, const json& v, const std::string& label, int depth);

std::string table_html(const Program& program, TypeId element, const json& list, const std::string& label) {
    std::vector<Member> all = members(program, element), columns, nested;
    for (const Member& m : all) (is_single(program, m.type) ? columns : nested).push_back(m);
    std::string out = "<div class=\"tabelle-rahmen\" role=\"region\" aria-label=\"" + escape(label) + "\" tabindex=\"0\"><table class=\"tabelle\"><caption>" +
                      escape(label) + " (" + std::to_string(list.size()) + ")</caption><thead><tr>";
    for (const Member& c : columns) out += "<th scope=\"col\">" + escape(c.label.empty() ? c.name : c.label) + "</th>";
    out += "</tr></thead><tbody>";
    for (const json& row : list) {
        out += "<tr>";
        for (const Member& c : columns) {
            TypeKind k = program.rules.types.kind(program.rules.types.strip_optional(c.type));
            bool number = k == TypeKind::money || k == TypeKind::integer || k == TypeKind::decimal;
            out += std::string("<td") + (number ? " class=\"zahl\"" : "") + ">" +
                   escape(row.contains(c.name) ? scalar_text(program, c.type, row[c.name]) : "") + "</td>";
        }
        out += "</tr>";
        for (const Member& n : nested) {
            if (!row.contains(n.name) || !row[n.name].is_array() || row[n.name].empty()) continue;
            TypeId inner = program.rules.types[program.rules.types.strip_optional(n.type)].ref;
            out += "<tr class=\"unterzeile\"><td colspan=\"" + std::to_string(columns.size()) + "\"><ul>";
            for (const json& item : row[n.name]) out += "<li>" + line_of(program, inner, item) + "</li>";
            out += "</ul></td></tr>";
        }
    }
    return out + "</tbody></table></div>";
}

std::string value_html(const Program& program, TypeId type, const json& v, const std::string& label, int depth) {
    const TypeTable& types = program.rules.types;
    TypeId t = types.strip_optional(type);
    TypeKind kind = types.kind(t);
    if (kind == TypeKind::list && v.is_array()) {
        TypeId element = types[t].ref;
        if (v.empty()) return "<p><strong>" + escape(label) + ":</strong> keine</p>";
        if (!is_single(program, element)) return table_html(program, element, v, label);
        std::string out = "<p><strong>" + escape(label) + ":</strong> ";
        for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + escape(scalar_text(program, element, v[i]));
        return out + "</p>";
    }
    if ((kind == TypeKind::record || kind == TypeKind::instance) && v.is_object()) {
        std::string out = "<h" + std::to_string(std::min(depth, 4)) + ">" + escape(label) + "</h" + std::to_string(std::min(depth, 4)) + "><dl class=\"werte\">";
        std::string rest;
        for (const Member& m : members(program, t)) {
            if (!v.contains(m.name)) continue;
            if (is_single(program, m.type))
                out += "<div class=\"zeile\"><dt>" + escape(m.label.empty() ? m.name : m.label) + "</dt><dd>" +
                       escape(scalar_text(program, m.type, v[m.name])) + "</dd></div>";
            else rest += value_html(program, m.type, v[m.name], m.label.empty() ? m.name : m.label, depth + 1);
        }
        return out + "</dl>" + rest;
    }
    return "";
}

}  // namespace

std::string typed_report_html(const Program& program, const json& result) {
    std::string singles = "<dl class=\"werte\">", blocks;
    for (const OutputRef& o : program.rules.outputs) {
        const Definition& d = program.definition(o.module, o.definition);
        if (!result.contains(d.name)) continue;
        std::string label = d.label.empty() ? d.name : d.label;
        if (is_single(program, d.type))
            singles += "<div class=\"zeile\"><dt>" + escape(label) + "</dt><dd>" + escape(scalar_text(program, d.type, result[d.name])) + "</dd></div>";
        else blocks += value_html(program, d.type, result[d.name], label, 2);
    }
    return singles + "</dl>" + blocks;
}

}  // namespace klappt::web
