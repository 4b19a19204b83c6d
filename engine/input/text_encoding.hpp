// The bytes of text read from files (case YAML, case CSV, forwarding CSV): whether they
// are well-formed UTF-8, how Windows-1252 („ANSI“, what German Excel writes as
// „CSV (Trennzeichen-getrennt)“) reads as UTF-8, and what a value must not contain
// (a NUL byte, a byte-order mark in the middle of a file, bytes that are not UTF-8).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace klappt {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The offset of the first byte that is not part of well-formed UTF-8, or nullopt.
std::optional<std::size_t> first_invalid_utf8(std::string_view s);

// Whether `s`, which is not wholly UTF-8, still reads as UTF-8 with some bad bytes: it holds
// more well-formed multi-byte sequences (ä, €) than bytes that are not UTF-8.  A Windows-1252
// file almost never holds such sequences (an „Ä“ right before a „€“ would be one), a UTF-8
// file with one row pasted from Windows-1252 holds many.
bool mostly_utf8(std::string_view s);

// Windows-1252 text as UTF-8.
std::string from_windows_1252(std::string_view s);

// Why `value` (one cell or one YAML value) cannot be read as text, in German and without
// the field's name (the caller names it), or "" when it can.
std::string text_problem(std::string_view value);

}  // namespace klappt
