// `klappt fmt`: one canonical layout for rule files, taken from how rules/ is written —
// declarations at the left margin, `source`/`interpretation`, the texts people read
// (`rechenweg`/`wenn_nicht`/`urteil`/`hinweis` … [`when` …]), `=`/`exception`/`valid`
// indented by two, the lines of an exception (`when`, its texts) by four, fields of a
// record or enum body by two; one blank between tokens (none after `(` `[` `.` or before
// `)` `]` `,` `:` `.` `?`), a blank after `,` and `:`, around `=` `=>` and binary operators,
// none after a unary `-`; at most one empty line in a row; no trailing blanks; a final
// line break.  Line breaks stay where the author put them, and so does the indentation of
// a line continuing an expression (inside brackets or after `then`/`else`/an operator),
// because that alignment is the author's.  Comments stay, at their column when there is
// room.  Formatting twice gives the same text, and the formatted file is the same program.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace klappt::authoring {

// The canonical text, or nullopt (with `error` set) when the text cannot be split into
// tokens (an unclosed string): a file with syntax errors is left as it is.
std::optional<std::string> format_rules(std::string_view text, std::string& error);

}  // namespace klappt::authoring
