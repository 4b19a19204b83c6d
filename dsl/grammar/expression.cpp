// Instantiates the expression grammar once, for the one context type.
#include "dsl/grammar/expression_def.hpp"

namespace klappt::dsl::grammar {

BOOST_SPIRIT_INSTANTIATE(expression_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(identifier_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(string_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(date_type, iterator_type, context_type)

expression_type const& expression() { return expression_rule; }
identifier_type const& identifier() { return identifier_rule; }
string_type const& string_literal() { return string_rule; }
date_type const& date_literal() { return date_rule; }

}  // namespace klappt::dsl::grammar
