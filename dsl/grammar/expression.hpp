// Declaration of the expression grammar (defined in expression_def.hpp,
// instantiated once in expression.cpp).
#pragma once

#include "dsl/grammar/config.hpp"

namespace klappt::dsl::grammar {

struct expression_class;
struct identifier_class;
struct string_class;
struct date_class;

using expression_type = x3::rule<expression_class, pt::expression>;
// What an author reads after „erwartet“ where an expression is missing (both grammars).
inline constexpr char kExpressionName[] = "einen Ausdruck (z. B. 1, betrag * 2, stichtag oder \"Text\")";
using identifier_type = x3::rule<identifier_class, pt::identifier>;
using string_type = x3::rule<string_class, pt::string_lit>;
using date_type = x3::rule<date_class, pt::date_lit>;

BOOST_SPIRIT_DECLARE(expression_type, identifier_type, string_type, date_type)

expression_type const& expression();
identifier_type const& identifier();
string_type const& string_literal();
date_type const& date_literal();

}  // namespace klappt::dsl::grammar
