// Types of the rule language, interned: two types are equal when their ids are.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace klappt {

enum class TypeKind : std::uint8_t {
    error,  // the type of an expression that already produced a diagnostic
    boolean,
    integer,
    decimal,
    money,
    date,
    duration,
    text,
    enumeration,  // ref = enum index
    record,       // ref = record index
    list,         // ref = element type id
    optional,     // ref = inner type id
    instance,     // ref = module index: a value of a parametrised module (`zielgruppe(am: d)`)
};

using TypeId = std::uint32_t;

// A single value that can be written in a cell or used as a hash key (not a record, list or module value).
inline bool is_scalar_kind(TypeKind k) {
    switch (k) {
        case TypeKind::boolean:
        case TypeKind::integer:
        case TypeKind::decimal:
        case TypeKind::money:
        case TypeKind::date:
        case TypeKind::duration:
        case TypeKind::text:
        case TypeKind::enumeration: return true;
        default: return false;
    }
}

struct TypeInfo {
    TypeKind kind;
    std::uint32_t ref = 0;
};

class TypeTable {
public:
    TypeTable();

    TypeId intern(TypeKind kind, std::uint32_t ref = 0);
    TypeId list_of(TypeId element) { return intern(TypeKind::list, element); }
    TypeId optional_of(TypeId inner);  // T?? is T?
    TypeId strip_optional(TypeId t) const;

    const TypeInfo& operator[](TypeId id) const { return types_[id]; }
    TypeKind kind(TypeId id) const { return types_[id].kind; }
    bool is_optional(TypeId id) const { return types_[id].kind == TypeKind::optional; }

    // Fixed ids of the simple types.
    static constexpr TypeId error = 0, boolean = 1, integer = 2, decimal = 3, money = 4, date = 5, duration = 6,
                            text = 7;

private:
    std::vector<TypeInfo> types_;
};

}  // namespace klappt
