// The likely cause of a YAML syntax error, in words a caseworker can act on (issue 10,
// item 7).  yaml-cpp reports a missing blank after a colon (`fall:RKN-1`, read as one text)
// only on a later line, and a value holding „: “ as „illegal map value“; this finds the line
// that causes it and says what to write.  Defined in yaml_support.cpp; no yaml-cpp here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace klappt::yaml_support {

struct SyntaxHint {
    std::uint32_t line = 0, column = 0;  // 0-based, of the cause
    std::string message;                 // German, says what to write
};

// For an error reported on `error_line` (0-based) of `text`; nullopt when neither cause fits.
std::optional<SyntaxHint> yaml_syntax_hint(std::string_view text, std::uint32_t error_line);

}  // namespace klappt::yaml_support
