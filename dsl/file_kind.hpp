// Whether the start of a file looks like text at all.  People hand klappt what they have:
// the Excel workbook instead of the CSV saved from it, the PDF of a Bescheid, a list Excel
// saved as „Unicode-Text“ (UTF-16).  Every reader of klappt's text inputs (rule files, YAML,
// CSV) asks this first and refuses such a file with what it is and what to do, instead of a
// page of errors about its bytes.  A text file with one stray NUL byte still passes: that is
// an error in one value or one row (engine/input/text_encoding.hpp), and the rest of the
// file is read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace klappt {

// How much of a file's start the check reads (what git reads to call a file binary).
inline constexpr std::size_t kFileKindProbeBytes = 8000;

// What the file is and what to do instead, in German (e.g. "eine Excel-Arbeitsmappe …"),
// when `start` (the file's first kFileKindProbeBytes bytes, or all of a shorter file) is not
// text; nullopt when it is.
std::optional<std::string> not_text_file(std::string_view start);

// The error for `path` from not_text_file: "„x.xlsx“ ist keine Textdatei, die klappt lesen kann: …".
std::string not_text_file_error(const std::string& path, const std::string& what);

}  // namespace klappt
