// Private to the evaluator's files (evaluator.cpp, timeline_tracking.cpp,
// unknown_tracking.cpp): comparing values, and the origins that say what a value is — a
// parameter, a definition, a node, a birthday, an unknown input — so that a timeline can name
// its boundaries and an interview the unknown inputs a comparison met.
#pragma once

#include <cstdint>

#include "engine/base/calendar.hpp"
#include "engine/base/value.hpp"
#include "dsl/rule_set.hpp"

namespace klappt::evaluation {

inline Value date_value(calendar::Day d) { return Value::date(calendar::day_number(d)); }

inline int compare_values(const Value& a, const Value& b, TypeKind kind) {
    switch (kind) {
        case TypeKind::integer:
        case TypeKind::money: return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
        case TypeKind::date: return a.day < b.day ? -1 : a.day > b.day ? 1 : 0;
        case TypeKind::decimal: return money::compare(a.dec, b.dec);
        default: return 0;
    }
}

// a op b for op in lt, le, gt, ge.
inline bool compare_holds(Op op, const Value& a, const Value& b, TypeKind kind) {
    int c = compare_values(a, b, kind);
    return op == Op::lt ? c < 0 : op == Op::le ? c <= 0 : op == Op::gt ? c > 0 : c >= 0;
}

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Origins (what a value is, for naming a timeline boundary): a kind tag and an index.
// kUnknown: the value of an unknown input of a partial case (engine/fragen/), by its index.
enum OriginKind : std::int32_t { kParameter = 1, kDefinition = 2, kNode = 3, kBirthday = 4, kUnknown = 5 };
constexpr std::int32_t origin(OriginKind kind, std::int64_t index) {
    return static_cast<std::int32_t>((static_cast<std::int64_t>(kind) << 24) | (index & 0xFFFFFF));
}
constexpr OriginKind origin_kind(std::int32_t o) { return static_cast<OriginKind>(o >> 24); }
constexpr std::int32_t origin_index(std::int32_t o) { return o & 0xFFFFFF; }

inline Op mirrored(Op op) {
    switch (op) {
        case Op::lt: return Op::gt;
        case Op::le: return Op::ge;
        case Op::gt: return Op::lt;
        case Op::ge: return Op::le;
        default: return op;
    }
}

}  // namespace klappt::evaluation
