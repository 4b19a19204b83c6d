// The words of a rule-test file that are not names of the rule set, and a small helper,
// shared by the reader (test_file_reader.cpp), the comparison and the runner.  Private to
// engine/ruletest.
#pragma once

#include <string>
#include <vector>

namespace klappt::ruletest {

// Keys of the reason checks on a module value; everything else names a definition.
inline constexpr const char* kFailedKey = "nicht_erfuellt";
inline constexpr const char* kFulfilledKey = "erfuellt";
inline constexpr const char* kExceptionsKey = "ausnahmen";
inline constexpr const char* kInvalidKey = "fehler";

inline const std::vector<std::string> kTestKeys = {"name",   "beschreibung", "stichtag",  "fall",
                                            "datei",  "kennung",      "parameter", "erwartet"};

inline std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : separator) + i;
    return out;
}

}  // namespace klappt::ruletest
