// The likely cause of a YAML syntax error, in words a caseworker can act on (issue 10,
// item 7).  yaml-cpp reports a missing blank after a colon (`fall:RKN-1`, read as one text)
// only on a later line, a value holding „: “ as „illegal map value“, and a quote left open as
// whatever follows where it happens to close; this finds the line that causes it and says what
// to write.  Defined in yaml_support.cpp; no yaml-cpp here.
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

// For any syntax error reported on `error_line`: the nearest line up to it whose value opens a
// quote („"“ or „'“) and does not close it on that line.  The text then runs on to the next
// such quote, lines later, and yaml-cpp reports what follows from there
// (`stichtag: '2021-03-15` … „Ende der Zuordnung nicht gefunden“ two lines later).  Texts in
// quotes over several lines are valid YAML, so this is asked only once the file has failed.
std::optional<SyntaxHint> open_quote_hint(std::string_view text, std::uint32_t error_line, const std::string& error);

}  // namespace klappt::yaml_support
