// Parsing one rule file into an AST.  The grammar is Spirit X3, but no X3 type
// leaves dsl/grammar: callers see only the AST and diagnostics.
#pragma once

#include <cstddef>
#include <optional>

#include "dsl/ast.hpp"
#include "dsl/diagnostic.hpp"

namespace klappt::dsl {

// Named limits, each with a test: deeper nesting is rejected with a message,
// never a stack overflow.
struct ParseLimits {
    std::size_t max_nesting = 256;          // nesting of expressions (parentheses, calls, operators)
    std::size_t max_file_bytes = 4 << 20;   // a rule file larger than this is refused
    std::size_t max_errors = 50;            // syntax errors reported per file before giving up
};

struct ParseResult {
    std::optional<ast::Module> module;  // empty when the module header could not be read
    Diagnostics diagnostics;
};

ParseResult parse(const SourceRef& source, const ParseLimits& limits = {});

}  // namespace klappt::dsl
