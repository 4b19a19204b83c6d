// Private to the explanation trees: the module values an output is made of — one, a list
// of them (e.g. one per measure), or none — each of which the trees explain on its own.
#pragma once

#include <cstdint>

#include "engine/runtime/evaluator.hpp"

namespace klappt {

// Whether an output of type `type` is made of module values.
inline bool holds_module_values(const RuleSet& rules, TypeId type) {
    TypeId t = rules.types.strip_optional(type);
    return rules.types.kind(t) == TypeKind::instance ||
           (rules.types.kind(t) == TypeKind::list && rules.types.kind(rules.types[t].ref) == TypeKind::instance);
}

// Calls `each(number, frame)` for every module value in `v` of type `type`: number 0 for a
// single one, 1, 2, … in a list.
template <class Each>
void for_each_module_value(const RuleSet& rules, const Value& v, TypeId type, Each&& each) {
    if (!v.present || !holds_module_values(rules, type)) return;
    if (rules.types.kind(rules.types.strip_optional(type)) == TypeKind::instance) return each(std::uint32_t{0}, v.frame);
    for (std::uint32_t k = 0; k < v.list.size; ++k) each(k + 1, v.list.items[k].frame);
}

}  // namespace klappt
