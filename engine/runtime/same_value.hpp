// When two values of one type are the same: for `==`, set membership, list indexes and
// the comparisons of rule tests and diffs.  Its own header because the list index needs
// it and sits below the evaluator.
#pragma once

#include "dsl/rule_set.hpp"
#include "engine/base/value.hpp"

namespace klappt {

// Structural equality of two values of the same type (records and lists by identity).
// Inline: set membership (`status in {duldung, gestattung}`) calls it per element.
inline bool same_value(const Value& a, const Value& b, TypeKind kind) {
    if (!a.present || !b.present) return a.present == b.present;
    if (a.form != b.form) return false;
    switch (kind) {
        case TypeKind::boolean: return a.b == b.b;
        case TypeKind::integer:
        case TypeKind::money: return a.i == b.i;
        case TypeKind::date: return a.day == b.day;
        case TypeKind::enumeration: return a.ordinal == b.ordinal;
        case TypeKind::decimal: return a.dec.num == b.dec.num && a.dec.den == b.dec.den;
        case TypeKind::duration: return a.dur.months == b.dur.months && a.dur.days == b.dur.days;
        case TypeKind::text: return a.str() == b.str();
        case TypeKind::record: return a.fields == b.fields;
        case TypeKind::list: return a.list.items == b.list.items && a.list.size == b.list.size;
        case TypeKind::instance: return a.frame == b.frame;
        default: return false;
    }
}

}  // namespace klappt
