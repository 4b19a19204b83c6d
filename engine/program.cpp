#include "engine/program.hpp"

namespace klappt {

const char* provenance_word(Provenance p) {
    switch (p) {
        case Provenance::fact: return "fakt";
        case Provenance::interpretation: return "auslegung";
        case Provenance::example: return "beispiel";
    }
    return "fakt";
}

const ParameterVersion* Program::parameter_version(std::uint32_t p, DayNumber day) const {
    const ParameterVersion* found = nullptr;
    for (const auto& v : parameters[p].versions)
        if (v.from <= day && day <= v.to) found = &v;  // the latest version that has begun wins
    return found;
}

const std::string& Program::source_of(std::uint32_t module, std::uint32_t d) const {
    const Definition& def = definition(module, d);
    return def.source.empty() ? rules.modules[module].source : def.source;
}

Value constant_value(const Constant& c, Arena* arena) {
    if (c.none) return Value::none();
    switch (c.kind) {
        case TypeKind::boolean: return Value::boolean(c.a != 0);
        case TypeKind::integer:
        case TypeKind::money: return Value::integer(c.a);
        case TypeKind::date: return Value::date(static_cast<std::int32_t>(c.a));
        case TypeKind::enumeration: return Value::enumeration(static_cast<std::uint32_t>(c.a));
        case TypeKind::decimal: return Value::decimal({c.a, c.b});
        case TypeKind::duration: return Value::duration(static_cast<std::int32_t>(c.a), static_cast<std::int32_t>(c.b));
        case TypeKind::text: return Value::text_ref(arena ? arena->copy(c.text) : std::string_view(c.text));
        case TypeKind::list: return Value::list_ref(nullptr, 0);
        default: return Value::none();
    }
}

void link_constants(Program& program) {
    program.constants.clear();
    for (const Constant& c : program.rules.constants) program.constants.push_back(constant_value(c));
}

}  // namespace klappt
