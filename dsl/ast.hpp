// The abstract syntax tree of a rule file: what the author wrote, with a
// source span on every node, before names and types are resolved.
//
// Produced by dsl/parser.hpp, consumed by dsl/checker.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dsl/source.hpp"

namespace klappt::ast {

struct Identifier {
    std::string name;
    Span span;
};

struct Text {
    std::string value;
    Span span;
};

struct TypeExpr {
    int list_depth = 0;  // `list of list of T` → 2
    Identifier name;     // bool, int, decimal, money, date, duration, text, or a declared enum/record
    bool optional = false;
    Span span;
};

// ---- expressions -----------------------------------------------------------

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class DurationUnit { days, weeks, months, years };

// Literal values, already validated lexically (the checker validates dates).
struct BoolLiteral { bool value; };
struct IntLiteral { std::int64_t value; };
// value = numerator / 10^scale; percent literals arrive already divided by 100.
struct DecimalLiteral { std::int64_t numerator; int scale; };
struct MoneyLiteral { std::int64_t cents; };
struct DateLiteral { int year; unsigned month; unsigned day; };
struct DurationLiteral { std::int64_t count; DurationUnit unit; };
struct TextLiteral { std::string value; };

struct NameRef { std::string name; };

struct MemberAccess {
    ExprPtr object;
    Identifier member;
};

struct IsSet {
    ExprPtr operand;
    bool negated;  // `is not set`
};

enum class UnaryOp { negate, logical_not };

struct Unary {
    UnaryOp op;
    ExprPtr operand;
};

enum class BinaryOp { add, sub, mul, div, eq, ne, lt, le, gt, ge, logical_and, logical_or, in, not_in };

struct Binary {
    BinaryOp op;
    ExprPtr lhs, rhs;
    Span op_span;
};

struct Argument {
    std::optional<Identifier> name;  // named argument `on: x`
    ExprPtr value;
    ExprPtr where;  // comprehension filter (`k in list where …`)
    ExprPtr body;   // comprehension body (`k in list: …`)
    Span span;
};

struct Call {
    Identifier callee;
    std::vector<Argument> args;
};

struct FieldInit {
    Identifier name;
    ExprPtr value;
};

struct RecordLiteral {
    Identifier type_name;
    std::vector<FieldInit> fields;
};

struct If {
    ExprPtr condition, then_branch, else_branch;
};

struct SetLiteral { std::vector<ExprPtr> elements; };

// What the parser put where an expression could not be read; its error is already
// reported, so the checker gives it the error type without a further message.
struct Invalid {};
struct ListLiteral { std::vector<ExprPtr> elements; };

struct Expr {
    using Node = std::variant<BoolLiteral, IntLiteral, DecimalLiteral, MoneyLiteral, DateLiteral, DurationLiteral,
                              TextLiteral, NameRef, MemberAccess, IsSet, Unary, Binary, Call, RecordLiteral, If,
                              SetLiteral, ListLiteral, Invalid>;
    Node node;
    Span span;
};

// ---- declarations ----------------------------------------------------------

// A text with placeholders, e.g. `rechenweg "{stunden} × {p4_je_ustd} = {pauschale}"`:
// literal pieces and expressions (`{{` and `}}` stand for the braces themselves).
struct TemplatePart {
    std::string text;  // literal text (when value is null)
    ExprPtr value;     // the placeholder's expression
    Span span;
};

struct Template {
    std::vector<TemplatePart> parts;
    ExprPtr condition;  // `when …`: shown only when it holds; null: always (the last alternative)
    Span span;
};

// Label, legal source and interpretation note of a declaration; a definition may also say
// how people read it: `rechenweg` (how the value is computed), `wenn_nicht` (a rule's text
// when it fails), `urteil` (the verdict an output gives), `hinweis` (a note shown when a rule holds).
struct Meta {
    std::optional<Text> label;
    std::optional<Text> source;
    std::optional<Text> interpretation;
    // Alternatives in order; the first whose condition holds is shown.
    std::vector<Template> rechenweg;
    std::vector<Template> wenn_nicht;
    std::vector<Template> urteil;
    std::vector<Template> hinweis;
    // `besser true|false|mehr|weniger` (outputs): which value counts as the better one.
    std::optional<Text> better;
};

struct FieldDecl {
    bool lever = false;  // `hebel`: a fact a caseworker can influence (klappt check --wege)
    Span lever_span;
    Identifier name;
    TypeExpr type;
    ExprPtr default_value;  // may be null
    std::optional<Text> label;
    Span span;
};

struct EnumValue {
    Identifier name;
    std::optional<Text> label;
    std::vector<Text> synonyms;
};

struct EnumDecl {
    Identifier name;
    std::optional<Text> label;
    std::vector<EnumValue> values;
    Span span;
};

// `check condition "message"`: every input record of this type must meet the condition.
struct RecordCheck {
    ExprPtr condition;
    Text message;
    Span span;
};

struct RecordDecl {
    Identifier name;
    std::optional<Text> label;
    std::vector<FieldDecl> fields;
    std::vector<RecordCheck> checks;
    Span span;
};

struct InputDecl {
    FieldDecl field;
    Span span;
};

struct ParamDecl {
    Identifier name;
    TypeExpr type;
    Meta meta;
    Span span;
};

struct Version {
    DateLiteral from;
    std::optional<DateLiteral> to;
    Span from_span, to_span;
    ExprPtr value;
    Span span;
};

struct Exception {
    Meta meta;
    ExprPtr condition;
    ExprPtr value;
    Span span;
};

enum class DefinitionKind { let, rule, output };

struct Definition {
    DefinitionKind kind;
    Identifier name;
    std::optional<TypeExpr> type;
    Meta meta;
    ExprPtr value;
    std::vector<Version> versions;
    std::vector<Exception> exceptions;
    Span span;
};

struct Import {
    std::vector<Identifier> modules;
    Span span;
};

using Item = std::variant<EnumDecl, RecordDecl, InputDecl, ParamDecl, Definition, Import>;

struct ModuleParam {
    Identifier name;
    TypeExpr type;
};

struct Module {
    SourceRef source;
    Identifier name;
    std::vector<ModuleParam> params;
    Meta meta;
    std::vector<Item> items;
    Span header_span;
    // Names of declarations that failed to parse: the checker does not report
    // uses of them again (one mistake, one error).
    std::vector<std::string> unparsed_names;
};

}  // namespace klappt::ast
