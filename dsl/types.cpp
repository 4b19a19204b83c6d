#include "dsl/types.hpp"

namespace klappt {

TypeTable::TypeTable() {
    for (TypeKind k : {TypeKind::error, TypeKind::boolean, TypeKind::integer, TypeKind::decimal, TypeKind::money,
                       TypeKind::date, TypeKind::duration, TypeKind::text})
        types_.push_back({k, 0});
}

TypeId TypeTable::intern(TypeKind kind, std::uint32_t ref) {
    for (TypeId i = 0; i < types_.size(); ++i)
        if (types_[i].kind == kind && types_[i].ref == ref) return i;
    types_.push_back({kind, ref});
    return static_cast<TypeId>(types_.size() - 1);
}

TypeId TypeTable::optional_of(TypeId inner) {
    if (kind(inner) == TypeKind::optional || kind(inner) == TypeKind::error) return inner;
    return intern(TypeKind::optional, inner);
}

TypeId TypeTable::strip_optional(TypeId t) const {
    return types_[t].kind == TypeKind::optional ? types_[t].ref : t;
}

}  // namespace klappt
