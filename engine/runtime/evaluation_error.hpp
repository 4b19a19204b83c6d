// A case the rules cannot evaluate (a missing input without default, an empty
// minimum, …): thrown by the evaluator, caught wherever one case is run.
#pragma once

#include <exception>
#include <string>

#include "dsl/rule_set.hpp"

namespace klappt {

struct Program;

// A case could not be evaluated (overflow, a parameter without a valid value …).  A
// std::exception, so that whatever reaches `main` unhandled still says what happened.
struct EvaluationError : std::exception {
    EvaluationError(std::string message, NodeId node = kNoNode) : message(std::move(message)), node(node) {}
    const char* what() const noexcept override { return message.c_str(); }
    std::string message;
    NodeId node = kNoNode;
};

// The text of an evaluation error with its place in the rules.
std::string evaluation_error_text(const Program& program, const EvaluationError& error);

}  // namespace klappt
