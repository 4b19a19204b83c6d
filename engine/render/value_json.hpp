// Values for machines (JSON as io.md fixes it: "9365.00", "2021-03-15", true, enum
// names): the one JSON writer of every result format (JSON Lines, web API, diff).
#pragma once

#include <charconv>
#include <cstring>
#include <string>
#include <string_view>

#include "engine/base/calendar.hpp"
#include "engine/runtime/program.hpp"

namespace klappt {

// JSON for any value; module instances are written by the caller's callback.
class JsonOut {
public:
    explicit JsonOut(std::string& out) : out_(out) {}
    void string(std::string_view s);
    void raw(std::string_view s) { out_.append(s); }
    void key(std::string_view k) {
        string(k);
        out_.push_back(':');
    }
    // `"k": ` and `, "k": `: the first and every further member of an object, written the
    // one way every result format writes them; the value follows.
    JsonOut& first_member(std::string_view k) {
        key(k);
        raw(" ");
        return *this;
    }
    JsonOut& member(std::string_view k) {
        raw(", ");
        return first_member(k);
    }
    // `[item, item]`: `write(item)` writes each item, the separators are written here.
    template <typename Items, typename Write>
    void list(const Items& items, Write&& write) {
        separated("[", items, write, "]");
    }
    // `{"k": v, "k": v}`: `write(item)` writes each item's member (first_member), the
    // separators are written here.
    template <typename Items, typename Write>
    void object(const Items& items, Write&& write) {
        separated("{", items, write, "}");
    }
    // `["a", "b"]`
    template <typename Strings>
    void strings(const Strings& items) {
        list(items, [&](const auto& s) { string(s); });
    }
    std::string& buffer() { return out_; }

private:
    template <typename Items, typename Write>
    void separated(std::string_view open, const Items& items, Write& write, std::string_view close) {
        raw(open);
        bool first = true;
        for (const auto& item : items) {
            if (!first) raw(", ");
            first = false;
            write(item);
        }
        raw(close);
    }

    std::string& out_;
};

// One case's JSON object from a feature that works case by case (wege, fragen, zeitachse):
// `{"fall": "<id>"`, the members `write(out)` adds (each after a comma: JsonOut::member), `}`.
template <typename Write>
std::string case_object_json(std::string_view case_id, Write&& write) {
    std::string buffer;
    JsonOut out(buffer);
    out.raw("{");
    out.first_member("fall").string(case_id);
    write(out);
    out.raw("}");
    return buffer;
}

// Writes a scalar, list or record; instances are handed to `instance` (may be null: written as null).
template <typename InstanceWriter>
void json_value(JsonOut& out, const Program& program, const Value& v, TypeId type, InstanceWriter&& instance);

std::string json_scalar(const Program& program, const Value& v, TypeId type);

// Booleans, integers, amounts and dates: their JSON has a known longest length.
inline bool is_fixed_size_scalar(TypeKind kind) {
    return kind == TypeKind::boolean || kind == TypeKind::integer || kind == TypeKind::money || kind == TypeKind::date;
}
inline constexpr std::size_t kMaxFixedScalarJson = 26;  // "-92233720368547758.08" and its quotes, with room

// The JSON of a present value of a fixed-size kind (true, 42, "9365.00", "2021-03-15"), written at
// `p` (at most kMaxFixedScalarJson characters); returns the end.  The one writer of these
// scalars: json_scalar and klappt batch's line writer both call it, so they cannot differ.
// Inline: batch calls it for every output of every case.
inline char* write_fixed_scalar_json(char* p, TypeKind kind, const Value& v) {
    switch (kind) {
        case TypeKind::boolean:
            if (v.b) {
                std::memcpy(p, "true", 4);
                return p + 4;
            }
            std::memcpy(p, "false", 5);
            return p + 5;
        case TypeKind::integer: return std::to_chars(p, p + 20, v.i).ptr;
        case TypeKind::money: {
            auto cents = static_cast<std::uint64_t>(v.i);
            *p++ = '"';
            if (v.i < 0) {
                *p++ = '-';
                cents = 0 - cents;
            }
            p = std::to_chars(p, p + 20, cents / 100).ptr;
            auto frac = static_cast<unsigned>(cents % 100);
            *p++ = '.';
            *p++ = static_cast<char>('0' + frac / 10);
            *p++ = static_cast<char>('0' + frac % 10);
            *p++ = '"';
            return p;
        }
        case TypeKind::date:
            *p++ = '"';
            p = calendar::write_iso(p, calendar::from_day_number(v.day));
            *p++ = '"';
            return p;
        default: return p;  // not a fixed-size kind: callers check is_fixed_size_scalar
    }
}

}  // namespace klappt

#include "engine/render/value_json_inl.hpp"
