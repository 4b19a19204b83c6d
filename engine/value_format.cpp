#include "engine/value_format.hpp"

#include "engine/calendar.hpp"

namespace klappt {

namespace {

std::string duration_iso(const Value& v) {
    std::string out = "P";
    if (v.dur.months) out += std::to_string(v.dur.months) + "M";
    if (v.dur.days || !v.dur.months) out += std::to_string(v.dur.days) + "D";
    return out;
}

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

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not one
// (overlong forms, surrogates and code points above U+10FFFF are invalid too).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    if (n == 2 && c < 0xC2) return 0;
    if (n == 3) {
        unsigned char c1 = byte(i + 1);
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return 0;
    }
    if (n == 4) {
        unsigned char c1 = byte(i + 1);
        if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return 0;
    }
    return n;
}

}  // namespace

// Writes a JSON string.  Input that is not valid UTF-8 (a case file saved in Windows-1252,
// say) becomes U+FFFD, so the output is always valid JSON.  Runs of bytes that need no
// escape are copied at once: this is the innermost loop of every JSON result.
void JsonOut::string(std::string_view s) {
    out_.push_back('"');
    std::size_t pending = 0;  // first byte not yet written
    auto write_pending = [&](std::size_t end) { out_.append(s.data() + pending, end - pending); };
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            if (std::size_t n = utf8_sequence(s, i)) {
                i += n;
                continue;
            }
            write_pending(i);
            out_.append("\xEF\xBF\xBD");
            pending = ++i;
            continue;
        }
        write_pending(i);
        switch (c) {
            case '"': out_.append("\\\""); break;
            case '\\': out_.append("\\\\"); break;
            case '\n': out_.append("\\n"); break;
            case '\r': out_.append("\\r"); break;
            case '\t': out_.append("\\t"); break;
            default: {
                static const char* hex = "0123456789abcdef";
                out_.append("\\u00");
                out_.push_back(hex[(c >> 4) & 15]);
                out_.push_back(hex[c & 15]);
            }
        }
        pending = ++i;
    }
    write_pending(s.size());
    out_.push_back('"');
}

std::string json_scalar(const Program& program, const Value& v, TypeId type) {
    const RuleSet& rules = program.rules;
    if (!v.present) return "null";
    TypeId t = rules.types.strip_optional(type);
    std::string out;
    JsonOut json(out);
    switch (rules.types.kind(t)) {
        case TypeKind::boolean: return v.b ? "true" : "false";
        case TypeKind::integer: return std::to_string(v.i);
        case TypeKind::decimal: json.string(money::decimal_text(v.dec)); return out;
        case TypeKind::money: json.string(money::plain(v.i)); return out;
        case TypeKind::date: json.string(calendar::iso(calendar::from_day_number(v.day))); return out;
        case TypeKind::duration: json.string(duration_iso(v)); return out;
        case TypeKind::text: json.string(v.str()); return out;
        case TypeKind::enumeration: json.string(rules.enums[rules.types[t].ref].values[v.ordinal]); return out;
        default: return "null";
    }
}

}  // namespace klappt
