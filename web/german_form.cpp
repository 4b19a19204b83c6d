#include "web/german_form.hpp"

#include "web/html.hpp"

namespace klappt::web {

std::optional<std::string> german_form(const Program& program, TypeId type, const std::string& value) {
    const TypeTable& types = program.rules.types;
    TypeId t = types.strip_optional(type);
    switch (types.kind(t)) {
        case TypeKind::money: return german_euro(value);
        case TypeKind::date: return german_date(value);
        case TypeKind::enumeration: {
            const EnumType& e = program.rules.enums[types[t].ref];
            for (std::size_t i = 0; i < e.values.size(); ++i)
                if (e.values[i] == value && !e.value_labels[i].empty()) return e.value_labels[i];
            return value;
        }
        default: return std::nullopt;
    }
}

}  // namespace klappt::web
