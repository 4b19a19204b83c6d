// The binary operators of the rule language, in one table: how each is written, how tightly
// it binds and whether it is a comparison (comparisons do not chain: `a < b < c` is an
// error).  The parser's lowering reads precedence from it (dsl/grammar/lower.cpp), the
// checker the text for its messages.
#pragma once

#include <string_view>

#include "dsl/ast.hpp"

namespace klappt {

struct BinaryOperator {
    ast::BinaryOp op;
    std::string_view text;
    int precedence;  // higher binds tighter
    bool comparison;
};

inline constexpr BinaryOperator kBinaryOperators[] = {
    {ast::BinaryOp::logical_or, "or", 1, false},  {ast::BinaryOp::logical_and, "and", 2, false},
    {ast::BinaryOp::eq, "==", 3, true},           {ast::BinaryOp::ne, "!=", 3, true},
    {ast::BinaryOp::lt, "<", 3, true},            {ast::BinaryOp::le, "<=", 3, true},
    {ast::BinaryOp::gt, ">", 3, true},            {ast::BinaryOp::ge, ">=", 3, true},
    {ast::BinaryOp::in, "in", 3, true},           {ast::BinaryOp::not_in, "not in", 3, true},
    {ast::BinaryOp::add, "+", 4, false},          {ast::BinaryOp::sub, "-", 4, false},
    {ast::BinaryOp::mul, "*", 5, false},          {ast::BinaryOp::div, "/", 5, false},
};

constexpr const BinaryOperator& binary_operator(ast::BinaryOp op) {
    for (const BinaryOperator& o : kBinaryOperators)
        if (o.op == op) return o;
    return kBinaryOperators[0];  // unreachable: every BinaryOp has a row
}

// The operator written as `text`, or null.
constexpr const BinaryOperator* binary_operator(std::string_view text) {
    for (const BinaryOperator& o : kBinaryOperators)
        if (o.text == text) return &o;
    return nullptr;
}

}  // namespace klappt
