#include "engine/runtime/evaluation_error.hpp"

#include "engine/runtime/program.hpp"

namespace klappt {

std::string evaluation_error_text(const Program& program, const EvaluationError& error) {
    if (error.node == kNoNode) return error.message;
    const Node& n = program.rules.nodes[error.node];
    const SourceRef& file = program.rules.modules[n.module].file;
    LineColumn at = file->position(n.span.begin);
    return error.message + " (Regel " + file->name() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
           ")";
}

}  // namespace klappt
