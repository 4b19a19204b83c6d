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

void link_constants(Program& program) {
    program.constants.clear();
    for (const Constant& c : program.rules.constants) {
        Value v;
        switch (c.kind) {
            case TypeKind::boolean: v = Value::boolean(c.a != 0); break;
            case TypeKind::integer:
            case TypeKind::money: v = Value::integer(c.a); break;
            case TypeKind::date: v = Value::date(static_cast<std::int32_t>(c.a)); break;
            case TypeKind::enumeration: v = Value::enumeration(static_cast<std::uint32_t>(c.a)); break;
            case TypeKind::decimal: v = Value::decimal({c.a, c.b}); break;
            case TypeKind::duration:
                v = Value::duration(static_cast<std::int32_t>(c.a), static_cast<std::int32_t>(c.b));
                break;
            case TypeKind::text: v = Value::text_ref(c.text); break;
            case TypeKind::list: v = Value::list_ref(nullptr, 0); break;
            default: v = c.none ? Value::none() : Value(); break;
        }
        if (c.none) v = Value::none();
        program.constants.push_back(v);
    }
}

}  // namespace klappt
