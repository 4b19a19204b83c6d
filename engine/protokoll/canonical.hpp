// The canonical serialisation that record hashes are computed over: JSON with keys
// sorted by their UTF-8 bytes, no whitespace, UTF-8 unescaped (only what JSON requires
// is escaped), integers without sign or exponent noise — what `jq -cS` prints.  An
// auditor can therefore re-derive every hash with jq and sha256sum (docs/protokoll.md).
#pragma once

#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace klappt::protokoll {

// nlohmann::json keeps object keys in a std::map, i.e. sorted by bytes.
using Json = nlohmann::json;

// Throws Error(invalid_input) when a text is not valid UTF-8.
std::string canonical(const Json& value, const char* what);

// Fields of stored JSON, which anyone with the sqlite3 shell may have changed: a missing
// field, or one of another type, reads as empty/absent — never as an exception.
inline std::string text_field(const Json& object, const char* key) {
    if (!object.is_object()) return {};
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}
inline std::optional<std::int64_t> integer_field(const Json& object, const char* key) {
    if (!object.is_object()) return std::nullopt;
    auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<std::int64_t>();
}
inline bool flag_field(const Json& object, const char* key) {
    if (!object.is_object()) return false;
    auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}
inline const Json& object_field(const Json& object, const char* key) {
    static const Json empty = Json::object();
    if (!object.is_object()) return empty;
    auto it = object.find(key);
    return it != object.end() && it->is_object() ? *it : empty;
}

}  // namespace klappt::protokoll
