#include "engine/render/value_json.hpp"

#include <charconv>
#include <cstring>

#include "engine/base/calendar.hpp"

namespace klappt {

namespace {

std::string duration_iso(const Value& v) {
    std::string out = "P";
    if (v.dur.months) out += std::to_string(v.dur.months) + "M";
    if (v.dur.days || !v.dur.months) out += std::to_string(v.dur.days) + "D";
    return out;
}

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
    TypeKind kind = rules.types.kind(t);
    if (is_fixed_size_scalar(kind)) {
        char text[kMaxFixedScalarJson];
        return std::string(text, write_fixed_scalar_json(text, kind, v));
    }
    std::string out;
    JsonOut json(out);
    switch (kind) {
        case TypeKind::decimal: json.string(money::decimal_text(v.dec)); return out;
        case TypeKind::duration: json.string(duration_iso(v)); return out;
        case TypeKind::text: json.string(v.str()); return out;
        case TypeKind::enumeration: json.string(rules.enums[rules.types[t].ref].values[v.ordinal]); return out;
        default: return "null";
    }
}

}  // namespace klappt
