// The parse tree: what the Spirit X3 grammar produces, one struct per rule.
//
// Private to dsl/grammar: it uses X3's variant and forward_ast, so no public
// header may include it.  `lower.cpp` turns it into the public AST
// (dsl/ast.hpp), resolving operator precedence and literal values on the way.
// Every struct that derives from `located` gets its byte offsets from the
// grammar's on_success handler.
#pragma once

#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace klappt::dsl::pt {

namespace x3 = boost::spirit::x3;

struct located {
    std::uint32_t span_begin = 0;
    std::uint32_t span_end = 0;
};

// Identifiers and strings are containers of char (X3 fills them char by char),
// which avoids single-member Fusion structs.
struct identifier : std::string, located {};
struct string_lit : std::string, located {};
struct date_lit : std::string, located {};

struct number_lit : located {
    std::string integer;
    boost::optional<std::string> fraction;
    boost::optional<std::string> unit;  // "€", "%", "days", …
};

struct expression;
struct call;
struct record_lit;
struct if_expr;
struct set_lit;
struct list_lit;

struct primary : x3::variant<date_lit, number_lit, string_lit, identifier, x3::forward_ast<call>,
                             x3::forward_ast<record_lit>, x3::forward_ast<if_expr>, x3::forward_ast<set_lit>,
                             x3::forward_ast<list_lit>, x3::forward_ast<expression>> {
    using base_type::base_type;
    using base_type::operator=;
};

// `.member`, `is set`, `is not set`
struct suffix : located {
    std::string kind;  // "." | "set" | "not set"
    identifier member;
};

struct postfix_expr : located {
    primary base;
    std::vector<suffix> suffixes;
};

// Prefix operators are collected in a list, so `not not x` needs no recursion.
struct unary_expr : located {
    std::vector<std::string> prefix;  // "not" | "-"
    postfix_expr operand;
};

struct operation : located {
    std::string op;
    unary_expr operand;
};

// A flat chain `a op b op c …`; lower.cpp applies precedence.
struct expression : located {
    unary_expr first;
    std::vector<operation> rest;
};

// `name: value` (named argument) or `value [where filter] [: body]` (comprehension).
struct argument : located {
    boost::optional<identifier> name;
    expression value;
    boost::optional<expression> where;
    boost::optional<expression> body;
};

struct call : located {
    identifier callee;
    std::vector<argument> args;
};

struct field_init : located {
    identifier name;
    expression value;
};

struct record_lit : located {
    identifier type_name;
    std::vector<field_init> fields;
};

struct if_expr : located {
    expression condition;
    expression then_branch;
    expression else_branch;
};

struct set_lit : located {
    std::string open;  // "{"
    std::vector<expression> elements;
};

struct list_lit : located {
    std::string open;  // "["
    std::vector<expression> elements;
};

// ---- declarations -----------------------------------------------------------

struct type_expr : located {
    std::vector<std::string> lists;  // one entry per `list of`
    identifier name;
    boost::optional<char> optional;  // '?'
};

struct meta : located {
    // "source" | "interpretation" | "rechenweg" | "wenn_nicht" | "urteil" | "hinweis" | "besser"
    // (`besser true|false|mehr|weniger`: the word is kept in `text`)
    std::string kind;
    string_lit text;
    boost::optional<expression> condition;  // `rechenweg "…" when …` (texts with placeholders only)
};

struct field_decl : located {
    bool lever = false;  // `hebel`: a fact a caseworker can influence
    identifier name;
    type_expr type;
    boost::optional<expression> default_value;
    boost::optional<string_lit> label;
};

struct enum_value : located {
    identifier name;
    boost::optional<string_lit> label;
    std::vector<string_lit> synonyms;  // `auch "geduldet", "§ 60a"`: further words case files may use
};

struct enum_decl : located {
    std::string keyword;
    identifier name;
    boost::optional<string_lit> label;
    std::vector<enum_value> values;
};

// `check condition "message"` inside a record: a condition every input value must meet.
struct record_check : located {
    expression condition;
    string_lit message;
};

struct record_decl : located {
    std::string keyword;
    identifier name;
    boost::optional<string_lit> label;
    std::vector<field_decl> fields;
    std::vector<record_check> checks;
};

struct input_decl : located {
    std::string keyword;
    field_decl field;
};

struct param_decl : located {
    std::string keyword;
    identifier name;
    type_expr type;
    boost::optional<string_lit> label;
    std::vector<meta> metas;
};

struct version_clause : located {
    date_lit from;
    boost::optional<date_lit> to;
    expression value;
};

struct exception_clause : located {
    boost::optional<string_lit> label;
    std::vector<meta> metas;
    expression condition;
    expression value;
};

struct definition : located {
    std::string kind;  // "let" | "rule" | "output"
    identifier name;
    boost::optional<type_expr> type;
    boost::optional<string_lit> label;
    std::vector<meta> metas;
    expression value;
    std::vector<version_clause> versions;
    std::vector<exception_clause> exceptions;
};

struct module_param : located {
    identifier name;
    type_expr type;
};

struct module_header : located {
    std::string keyword;
    identifier name;
    std::vector<module_param> params;
    boost::optional<string_lit> label;
    std::vector<meta> metas;
};

struct import_decl : located {
    std::string keyword;
    std::vector<identifier> modules;
};

struct item : x3::variant<enum_decl, record_decl, input_decl, param_decl, definition, import_decl> {
    using base_type::base_type;
    using base_type::operator=;
};

}  // namespace klappt::dsl::pt

BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::number_lit, integer, fraction, unit)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::suffix, kind, member)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::postfix_expr, base, suffixes)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::unary_expr, prefix, operand)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::operation, op, operand)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::expression, first, rest)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::argument, name, value, where, body)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::call, callee, args)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::field_init, name, value)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::record_lit, type_name, fields)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::if_expr, condition, then_branch, else_branch)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::set_lit, open, elements)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::list_lit, open, elements)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::type_expr, lists, name, optional)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::meta, kind, text, condition)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::field_decl, lever, name, type, default_value, label)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::enum_value, name, label, synonyms)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::enum_decl, keyword, name, label, values)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::record_check, condition, message)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::record_decl, keyword, name, label, fields, checks)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::input_decl, keyword, field)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::param_decl, keyword, name, type, label, metas)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::version_clause, from, to, value)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::exception_clause, label, metas, condition, value)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::definition, kind, name, type, label, metas, value, versions, exceptions)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::module_param, name, type)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::module_header, keyword, name, params, label, metas)
BOOST_FUSION_ADAPT_STRUCT(klappt::dsl::pt::import_decl, keyword, modules)
