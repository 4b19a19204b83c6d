// The canonical serialisation that record hashes are computed over: JSON with keys
// sorted by their UTF-8 bytes, no whitespace, UTF-8 unescaped (only what JSON requires
// is escaped), integers without sign or exponent noise — what `jq -cS` prints.  An
// auditor can therefore re-derive every hash with jq and sha256sum (docs/protokoll.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace klappt::protokoll {

// nlohmann::json keeps object keys in a std::map, i.e. sorted by bytes.
using Json = nlohmann::json;

// Throws Error(invalid_input) when a text is not valid UTF-8.
std::string canonical(const Json& value, const char* what);

}  // namespace klappt::protokoll
