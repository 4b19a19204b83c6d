#include "engine/runtime/value_text.hpp"

#include "engine/base/calendar.hpp"

namespace klappt {

namespace {

std::string duration_german(const Value& v) {
    std::string out;
    if (v.dur.months) out += std::to_string(v.dur.months) + (v.dur.months == 1 ? " Monat" : " Monate");
    if (v.dur.days || !v.dur.months) {
        if (!out.empty()) out += " und ";
        out += std::to_string(v.dur.days) + (v.dur.days == 1 ? " Tag" : " Tage");
    }
    return out;
}

}  // namespace

std::string german_value(const Program& program, const Value& v, TypeId type) {
    const RuleSet& rules = program.rules;
    if (!v.present) return "—";
    TypeId t = rules.types.strip_optional(type);
    switch (rules.types.kind(t)) {
        case TypeKind::boolean: return v.b ? "ja" : "nein";
        case TypeKind::integer: return std::to_string(v.i);
        case TypeKind::decimal: {
            std::string s = money::decimal_text(v.dec);
            for (char& c : s)
                if (c == '.') c = ',';
            return s;
        }
        case TypeKind::money: return money::german(v.i);
        case TypeKind::date: return calendar::german(calendar::from_day_number(v.day));
        case TypeKind::duration: return duration_german(v);
        case TypeKind::text: return std::string(v.str());
        case TypeKind::enumeration: {
            const EnumType& e = rules.enums[rules.types[t].ref];
            const std::string& label = e.value_labels[v.ordinal];
            return label.empty() ? e.values[v.ordinal] : label;
        }
        case TypeKind::list: return std::to_string(v.list.size) + (v.list.size == 1 ? " Eintrag" : " Einträge");
        case TypeKind::record: return rules.records[rules.types[t].ref].name;
        case TypeKind::instance: return rules.modules[rules.types[t].ref].name;
        default: return "?";
    }
}

std::string enum_value_name(const Program& program, const Value& v, TypeId type) {
    const RuleSet& rules = program.rules;
    if (!v.present) return "—";
    return rules.enums[rules.types[rules.types.strip_optional(type)].ref].values[v.ordinal];
}

}  // namespace klappt
