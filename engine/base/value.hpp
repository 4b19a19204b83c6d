// The run-time value: 24 bytes, no heap.  The checker fixed every type, so a
// value carries no type tag — only whether an optional value is set.  Texts,
// records and lists point into an Arena owned by the case or the evaluation.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "engine/base/money.hpp"

namespace klappt {

struct Frame;

struct Value {
    struct TextRef {
        const char* data;
        std::uint32_t size;
    };
    struct ListRef {
        const Value* items;
        std::uint32_t size;
    };
    struct Duration {
        std::int32_t months;
        std::int32_t days;
    };

    union {
        bool b;
        std::int64_t i;      // int, money (cents)
        std::int32_t day;    // date: days since 1970-01-01
        std::uint32_t ordinal;  // enum
        money::Decimal dec;
        Duration dur;
        TextRef text;
        const Value* fields;  // record: one value per field, in declaration order
        ListRef list;
        Frame* frame;  // instance of a parametrised module
    };
    bool present = true;  // false: an optional value that is not set

    // Only used while a timeline varies a day T (see timeline.hpp); always 0 otherwise.
    // They live in what would be padding, so a value stays 24 bytes.
    enum Form : std::uint8_t { fixed = 0, day_of_t = 1, age_at_t = 2, age_of_t = 3 };
    // day_of_t: this date is T + offset; age_at_t: age(aux, T + offset);
    // age_of_t: age(T + offset, aux) — T is a birth date (partial cases, engine/fragen/)
    std::uint8_t form = fixed;
    std::int16_t form_offset = 0;
    std::int32_t aux = 0;          // age_at_t: the birth date; fixed: where the value came from (an origin id)

    Value() : dec{0, 1} {}

    static Value none() {
        Value v;
        v.present = false;
        return v;
    }
    static Value boolean(bool x) {
        Value v;
        v.b = x;
        return v;
    }
    static Value integer(std::int64_t x) {
        Value v;
        v.i = x;
        return v;
    }
    static Value cents(std::int64_t x) { return integer(x); }
    static Value date(std::int32_t day) {
        Value v;
        v.i = 0;
        v.day = day;
        return v;
    }
    static Value enumeration(std::uint32_t ordinal) {
        Value v;
        v.i = 0;
        v.ordinal = ordinal;
        return v;
    }
    static Value decimal(money::Decimal d) {
        Value v;
        v.dec = d;
        return v;
    }
    static Value duration(std::int32_t months, std::int32_t days) {
        Value v;
        v.dur = {months, days};
        return v;
    }
    static Value text_ref(std::string_view s) {
        Value v;
        v.text = {s.data(), static_cast<std::uint32_t>(s.size())};
        return v;
    }
    static Value record(const Value* fields) {
        Value v;
        v.fields = fields;
        return v;
    }
    static Value list_ref(const Value* items, std::uint32_t size) {
        Value v;
        v.list = {items, size};
        return v;
    }
    static Value instance(Frame* f) {
        Value v;
        v.frame = f;
        return v;
    }

    std::string_view str() const { return {text.data, text.size}; }
};

static_assert(sizeof(Value) == 24, "Value should stay small");

}  // namespace klappt
