// The expression grammar of the rule language.
//
//   expression := unary { binop unary }            (flat; lower.cpp applies precedence)
//   unary      := { "not" | "-" } postfix
//   postfix    := primary { "." name | "is" ["not"] "set" }
//   primary    := date | number [unit] | string | if | set | list | call | record | name | "(" expression ")"
//   call       := name "(" [ argument { "," argument } ] ")"
//   argument   := [ name ":" ] expression [ "where" expression ] [ ":" expression ]
//   record     := TypeName "{" [ name ":" expression { "," … } ] "}"
//   if         := "if" expression "then" expression "else" expression
//   set        := "{" expression { "," expression } "}"      list := "[" … "]"
//
// Every rule has a German name: it is what an author reads after "erwartet".
#pragma once

#include "dsl/grammar/expression.hpp"

namespace klappt::dsl::grammar {

struct expression_class : annotate {};
struct identifier_class : annotate {};
struct string_class : annotate {};
struct date_class : annotate {};

namespace expr_rules {

struct number_class : annotate {};
struct primary_class : annotate {};
struct suffix_class : annotate {};
struct postfix_class : annotate {};
struct unary_class : annotate {};
struct operation_class : annotate {};
struct argument_class : annotate {};
struct call_class : annotate {};
struct field_init_class : annotate {};
struct record_class : annotate {};
struct if_class : annotate {};
struct set_class : annotate {};
struct list_class : annotate {};
struct named_class : annotate {};
struct binop_class;

// Words that can never be names.
struct reserved_words : x3::symbols<> {
    reserved_words() {
        add("and")("or")("not")("in")("is")("if")("then")("else")("where");
        // Declaration keywords too: a missing operand before the next declaration is then
        // reported at that keyword instead of swallowing it as a name.
        add("module")("import")("enum")("record")("input")("param")("let")("rule")("output")("exception")(
            "valid");
    }
};
inline reserved_words const reserved;

struct symbolic_operators : x3::symbols<std::string> {
    symbolic_operators() {
        add("==", "==")("!=", "!=")("<=", "<=")(">=", ">=")("<", "<")(">", ">")("+", "+")("-", "-")("*", "*")(
            "/", "/");
    }
};
inline symbolic_operators const symbolic_op;

struct unit_words : x3::symbols<std::string> {
    unit_words() {
        add("days", "days")("day", "days")("weeks", "weeks")("week", "weeks")("months", "months")(
            "month", "months")("years", "years")("year", "years");
    }
};
inline unit_words const unit_word;

x3::rule<number_class, pt::number_lit> const number = "Zahl";
x3::rule<struct fraction_class, std::string> const fraction = "Nachkommastellen";
x3::rule<struct unit_class, std::string> const unit = "Einheit";
x3::rule<named_class, pt::identifier> const named = "Name des Arguments";
x3::rule<struct argument_list_class, std::vector<pt::argument>> const argument_list = "Argument";
x3::rule<struct expression_list_class, std::vector<pt::expression>> const expression_list = kExpressionName;
x3::rule<struct field_init_list_class, std::vector<pt::field_init>> const field_init_list = "Feldwert (name: Ausdruck)";
x3::rule<struct kw_then_class> const kw_then = "„then“";
x3::rule<struct kw_else_class> const kw_else = "„else“";
x3::rule<struct kw_set_class> const kw_set = "„set“";
x3::rule<primary_class, pt::primary> const primary = "Wert oder Name";
x3::rule<suffix_class, pt::suffix> const suffix = "Feldzugriff";
x3::rule<postfix_class, pt::postfix_expr> const postfix = kExpressionName;
x3::rule<unary_class, pt::unary_expr> const unary = kExpressionName;
x3::rule<operation_class, pt::operation> const operation = "Operator";
x3::rule<binop_class, std::string> const binop = "Operator";
x3::rule<argument_class, pt::argument> const argument = "Argument";
x3::rule<call_class, pt::call> const call = "Funktionsaufruf";
x3::rule<field_init_class, pt::field_init> const field_init = "Feldwert (name: Ausdruck)";
x3::rule<record_class, pt::record_lit> const record = "Datensatz";
x3::rule<if_class, pt::if_expr> const if_expression = "if-Ausdruck";
x3::rule<set_class, pt::set_lit> const set_literal = "Menge";
x3::rule<list_class, pt::list_lit> const list_literal = "Liste";

}  // namespace expr_rules

expression_type const expression_rule = kExpressionName;
identifier_type const identifier_rule = "Name";
string_type const string_rule = "Text in Anführungszeichen";
date_type const date_rule = "Datum (JJJJ-MM-TT)";

namespace expr_rules {

auto const identifier_rule_def = x3::lexeme[!(reserved >> !ident_char) >> ident_first >> *ident_char];

auto const escaped_char = x3::lit('\\') >> (x3::char_("\"\\") | (x3::lit('n') >> x3::attr('\n')));
auto const string_rule_def =
    x3::lexeme['"' > *(escaped_char | (x3::char_ - x3::char_("\"\\\n"))) > x3::lit('"')];

auto const date_rule_def = x3::lexeme[x3::repeat(4)[digit] >> x3::char_('-') >> x3::repeat(2)[digit] >>
                                      x3::char_('-') >> x3::repeat(2)[digit] >> !ident_char];

auto const kw_then_def = kw("then");
auto const kw_else_def = kw("else");
auto const kw_set_def = kw("set");

auto const fraction_def = x3::lit('.') >> +digit;
auto const unit_def = (unit_word >> !ident_char) | x3::string("%") | x3::string("€") | (x3::string("EUR") >> !ident_char);
auto const number_def = x3::lexeme[+digit >> -fraction >> -(*x3::lit(' ') >> unit)];

auto const suffix_def = ((x3::lit('.') >> x3::attr(std::string("."))) > identifier_rule) |
                        (((kw("is") >> ((kw("not") >> x3::attr(std::string("not set"))) | x3::attr(std::string("set")))) >
                          kw_set) >>
                         x3::attr(pt::identifier{}));

auto const postfix_def = primary >> *suffix;

auto const prefix_op = kw_s("not") | x3::string("-");
auto const unary_def = *prefix_op >> postfix;

auto const binop_def = (kw("not") >> kw("in") >> x3::attr(std::string("not in"))) | kw_s("and") | kw_s("or") |
                       kw_s("in") | symbolic_op;
auto const operation_def = binop > unary;

// X3 keeps a partly parsed optional prefix when it fails, so the two argument forms are
// separate alternatives: the positional one resets the name explicitly.
auto const named_def = identifier_rule >> ':' >> !x3::lit(':');
auto const argument_tail = expression_rule >> -(kw("where") > expression_rule) >> -(':' > expression_rule);
auto const argument_def = (named >> argument_tail) | (x3::attr(boost::optional<pt::identifier>()) >> argument_tail);
auto const argument_list_def = argument >> *(',' > argument);
auto const call_def = (identifier_rule >> '(' >> -argument_list) > ')';

auto const field_init_def = identifier_rule > ':' > expression_rule;
auto const field_init_list_def = field_init % ',';
auto const record_def = (identifier_rule >> '{' >> -field_init_list) > '}';

auto const if_expression_def =
    kw("if") > expression_rule > kw_then > expression_rule > kw_else > expression_rule;

auto const expression_list_def = expression_rule >> *(',' > expression_rule);
auto const set_literal_def = x3::string("{") > expression_list > '}';
auto const list_literal_def = (x3::string("[") >> -expression_list) > ']';

auto const primary_def = date_rule | number | string_rule | if_expression | set_literal | list_literal | call |
                         record | identifier_rule | ('(' > expression_rule > ')');

BOOST_SPIRIT_DEFINE(kw_then, kw_else, kw_set, fraction, unit, expression_list, field_init_list, argument_list, named)
BOOST_SPIRIT_DEFINE(number, primary, suffix, postfix, unary, operation, binop, argument, call, field_init, record,
                    if_expression, set_literal, list_literal)

}  // namespace expr_rules

// The only recursive entry: every nested expression passes the depth guard.
auto const expression_rule_def = depth_guard[expr_rules::unary >> *expr_rules::operation];
auto const identifier_rule_def = expr_rules::identifier_rule_def;
auto const string_rule_def = expr_rules::string_rule_def;
auto const date_rule_def = expr_rules::date_rule_def;

BOOST_SPIRIT_DEFINE(expression_rule, identifier_rule, string_rule, date_rule)

}  // namespace klappt::dsl::grammar
