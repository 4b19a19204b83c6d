// The two entry points of the X3 grammar, with X3-free signatures, so that the
// driver (dsl/parser.cpp) can parse a file item by item and recover after an
// error without seeing a single X3 type.
#pragma once

#include <cstdint>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/diagnostic.hpp"
#include "dsl/parser.hpp"

namespace klappt::dsl::grammar {

enum class StepOutcome { parsed, at_end, failed };

// Parses `module name(params) "label" source "…"` at `offset`; advances `offset`.
StepOutcome parse_module_header(const SourceRef& source, std::uint32_t& offset, ast::Module& module,
                                Diagnostics& diagnostics, const ParseLimits& limits);

// Parses one declaration (or import) at `offset`; advances `offset` past it.
// On failure a diagnostic is added and `offset` is left at the error position.
StepOutcome parse_item(const SourceRef& source, std::uint32_t& offset, std::vector<ast::Item>& items,
                       Diagnostics& diagnostics, const ParseLimits& limits);

}  // namespace klappt::dsl::grammar
