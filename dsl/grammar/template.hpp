// Placeholders in the texts people read (`rechenweg "{stunden} × {p4_je_ustd} = {pauschale}"`):
// splits a string literal of a rule file into literal pieces and placeholder
// expressions, parsed with the expression grammar at their place in the file, so
// a mistake inside a placeholder is reported at its own line and column.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "dsl/grammar/parse_tree.hpp"

namespace klappt::dsl::grammar {

struct TemplatePiece {
    std::string text;                       // literal text, escapes resolved
    std::optional<pt::expression> value;    // a placeholder
    std::uint32_t begin = 0, end = 0;       // byte offsets in the file
};

// `literal` spans the string literal including its quotes.  Returns false (with a
// diagnostic) on an unbalanced brace, an empty placeholder or an unreadable expression.
bool split_template(const SourceRef& source, std::uint32_t literal_begin, std::uint32_t literal_end,
                    std::vector<TemplatePiece>& pieces, Diagnostics& diagnostics, std::size_t max_nesting);

}  // namespace klappt::dsl::grammar
