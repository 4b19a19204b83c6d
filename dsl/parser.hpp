// Parsing one rule file into an AST.  The grammar is Spirit X3, but no X3 type
// leaves dsl/grammar: callers see only the AST and diagnostics.
#pragma once

#include <cstddef>
#include <optional>

#include "dsl/ast.hpp"
#include "dsl/diagnostic.hpp"
#include "dsl/limits.hpp"

namespace klappt::dsl {

// The parser's limits (the numbers are in dsl/limits.hpp, with every other limit);
// tests may lower them.  Deeper nesting is rejected with a message, never a stack overflow.
struct ParseLimits {
    std::size_t max_nesting = limits::kMaxExpressionNesting;  // nesting of expressions (parentheses, calls, operators)
    std::size_t max_file_bytes = limits::kMaxRuleFileBytes;  // a rule file larger than this is refused
    std::size_t max_errors = limits::kMaxSyntaxErrors;       // syntax errors reported per file before giving up
    std::size_t max_identifier_length = limits::kMaxIdentifierLength;  // characters of a name
};

struct ParseResult {
    std::optional<ast::Module> module;  // empty when the module header could not be read
    Diagnostics diagnostics;
};

ParseResult parse(const SourceRef& source, const ParseLimits& limits = {});

}  // namespace klappt::dsl
