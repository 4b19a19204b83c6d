#include "dsl/rule_set.hpp"

namespace klappt {

std::optional<std::size_t> format_placeholders(std::string_view text) {
    std::size_t holes = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' && i + 1 < text.size() && text[i + 1] == '}') ++holes;
        else if ((text[i] == '{' || text[i] == '}') && i + 1 < text.size() && text[i + 1] == text[i]) {
        } else if (text[i] == '{' || text[i] == '}') return std::nullopt;
        else continue;
        ++i;
    }
    return holes;
}

std::string RuleSet::type_name(TypeId t) const {
    const TypeInfo& info = types[t];
    switch (info.kind) {
        case TypeKind::error: return "(Fehler)";
        case TypeKind::boolean: return "bool";
        case TypeKind::integer: return "int";
        case TypeKind::decimal: return "decimal";
        case TypeKind::money: return "money";
        case TypeKind::date: return "date";
        case TypeKind::duration: return "duration";
        case TypeKind::text: return "text";
        case TypeKind::enumeration: return enums[info.ref].name;
        case TypeKind::record: return records[info.ref].name;
        case TypeKind::list: return "list of " + type_name(info.ref);
        case TypeKind::optional: return type_name(info.ref) + "?";
        case TypeKind::instance: return "Modul " + modules[info.ref].name;
    }
    return "?";
}

std::string RuleSet::qualified_name(std::uint32_t module, std::uint32_t definition) const {
    return modules[module].name + "." + modules[module].definitions[definition].name;
}

std::optional<std::uint32_t> RuleSet::find_input(const std::string& name) const {
    for (std::uint32_t i = 0; i < inputs.size(); ++i)
        if (inputs[i].field.name == name) return i;
    return std::nullopt;
}

std::optional<std::uint32_t> RuleSet::find_module(const std::string& name) const {
    for (std::uint32_t i = 0; i < modules.size(); ++i)
        if (modules[i].name == name) return i;
    return std::nullopt;
}

}  // namespace klappt
