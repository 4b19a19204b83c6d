// The declaration grammar of the rule language (one item at a time).
//
//   header     := "module" name [ "(" name ":" type { "," … } ")" ] [string] { meta }
//   item       := enum | record | input | param | definition | import
//   import     := "import" name { "," name }
//   enum       := "enum" Name [string] "{" value { "," value } "}"
//   value      := name [string] [ "auch" string { "," string } ]
//   record     := "record" Name [string] "{" { field } { "check" expression string } "}"
//   field      := [ "hebel" ] name ":" type [ "=" expression ] [string]
//   input      := "input" field
//   param      := "param" name ":" type [string] { meta }
//   definition := ("let" | "rule" | "output") name [ ":" type ] [string] { meta } "=" expression
//                 { "valid" "from" date [ "to" date ] "=" expression }
//                 { "exception" [string] { meta } "when" expression "=>" expression }
//   meta       := ( "source" | "interpretation" ) string
//               | ( "rechenweg" | "wenn_nicht" | "urteil" | "hinweis" ) template [ "when" expression ]
//                 (definitions only; the first whose condition holds is shown)
//               | "besser" ( "true" | "false" | "mehr" | "weniger" )   (outputs only: which value is better)
//   template   := string whose `{expression}` pieces are placeholders (template.cpp)
//   type       := { "list" "of" } Name [ "?" ]
#pragma once

#include "dsl/grammar/expression.hpp"

namespace klappt::dsl::grammar::decl_rules {

struct type_class : annotate {};
struct meta_class : annotate {};
struct field_class : annotate {};
struct enum_value_class : annotate {};
struct enum_class : annotate {};
struct record_class : annotate {};
struct input_class : annotate {};
struct param_class : annotate {};
struct version_class : annotate {};
struct exception_class : annotate {};
struct definition_class : annotate {};
struct module_param_class : annotate {};
struct header_class : annotate {};
struct import_class : annotate {};
struct item_class : annotate {};
struct record_check_class : annotate {};
struct better_class : annotate {};

// What an author reads after „erwartet“ where an enum value is missing (two rules).
inline constexpr char kEnumValueName[] = "einen Wert der Aufzählung (einen Namen, z. B. enum Art { kurs, beratung })";

x3::rule<type_class, pt::type_expr> const type = "einen Typ (z. B. int, money, date, text oder list of date)";
x3::rule<meta_class, pt::meta> const meta = "source, interpretation, rechenweg, wenn_nicht, urteil, hinweis oder besser";
x3::rule<better_class, pt::string_lit> const better_word = "true, false, mehr oder weniger";
x3::rule<field_class, pt::field_decl> const field = "Felddeklaration (name: Typ)";
x3::rule<record_check_class, pt::record_check> const record_check = "Prüfung (check Bedingung \"Meldung\")";
x3::rule<enum_value_class, pt::enum_value> const enum_value = kEnumValueName;
x3::rule<enum_class, pt::enum_decl> const enum_decl = "Aufzählung";
x3::rule<record_class, pt::record_decl> const record_decl = "Datensatz";
x3::rule<input_class, pt::input_decl> const input_decl = "Eingabe";
x3::rule<param_class, pt::param_decl> const param_decl = "Parameter";
x3::rule<version_class, pt::version_clause> const version = "Fassung (valid from …)";
x3::rule<exception_class, pt::exception_clause> const exception = "Ausnahme";
x3::rule<definition_class, pt::definition> const definition = "Definition";
x3::rule<module_param_class, pt::module_param> const module_param = "Modulparameter (name: Typ)";
x3::rule<header_class, pt::module_header> const header = "Modulkopf (module name)";
x3::rule<import_class, pt::import_decl> const import_decl = "import";
x3::rule<item_class, pt::item> const item = "Deklaration";

x3::rule<struct kw_of_class> const kw_of = "„of“";
x3::rule<struct enum_value_list_class, std::vector<pt::enum_value>> const enum_value_list = kEnumValueName;
x3::rule<struct module_param_list_class, std::vector<pt::module_param>> const module_param_list = "Modulparameter (name: Typ)";
x3::rule<struct name_list_class, std::vector<pt::identifier>> const name_list = "Modulname";
x3::rule<struct kw_from_class> const kw_from = "„from“";
x3::rule<struct kw_when_class> const kw_when = "„when“";
x3::rule<struct kw_set_class> const kw_set = "„set“";

auto const kw_of_def = kw("of");
auto const kw_from_def = kw("from");
auto const kw_when_def = kw("when");
auto const kw_set_def = kw("set");

// Handles on the rules of the expression TU (same ID types, so they link to its instantiation).
expression_type const expr = kExpressionName;
identifier_type const name = "Name";
string_type const text = "Text in Anführungszeichen";
date_type const date = "Datum (JJJJ-MM-TT)";

auto const type_def = *(kw_s("list") > kw_of) >> name >> -x3::char_('?');
// Only the texts with placeholders take a condition; a `when` after `source` belongs to an exception.
auto const plain_meta = (kw_s("source") | kw_s("interpretation")) > (text >> x3::attr(boost::optional<pt::expression>()));
auto const template_meta = (kw_s("rechenweg") | kw_s("wenn_nicht") | kw_s("urteil") | kw_s("hinweis")) >
                           (text >> -(kw_when > expr));
// `besser …` says which value of an output is the better one (`klappt check --wege`).
auto const better_word_def = x3::lexeme[&((x3::lit("true") | x3::lit("false") | x3::lit("mehr") | x3::lit("weniger")) >> !ident_char) >>
                                        +ident_char];
auto const better_meta = (kw_s("besser") > better_word) > x3::attr(boost::optional<pt::expression>());
auto const meta_def = plain_meta | template_meta | better_meta;
// `hebel` marks a fact a caseworker can influence; it is no reserved word, so a field may
// still be called `hebel` (`hebel: bool`).
auto const lever_mark = kw("hebel") >> !x3::lit(':');
auto const field_def = (x3::matches[lever_mark] >> ((name >> ':') > type)) >> -('=' > expr) >> -text;
auto const record_check_def = (kw("check") > expr) > text;
// `auch` is no reserved word: it can only follow a value's label.
auto const enum_value_def = name >> -text >> -(x3::omit[kw("auch")] > (text % ','));
auto const enum_value_list_def = enum_value % ',';
auto const enum_decl_def = (((kw_s("enum") > name) >> -text) > '{') > enum_value_list > -x3::lit(',') > '}';
auto const record_decl_def = (((kw_s("record") > name) >> -text) > '{') > ((*field >> *record_check) > '}');
auto const input_decl_def = kw_s("input") > field;
auto const param_decl_def = ((((kw_s("param") > name) > ':') > type) >> -text) >> *meta;
auto const version_def = ((((kw("valid") > kw_from) > date) >> -(kw("to") > date)) > '=') > expr;
auto const exception_def = (((((kw("exception") >> -text) >> *meta) > kw_when) > expr) > "=>") > expr;
auto const definition_kind = kw_s("let") | kw_s("rule") | kw_s("output");
auto const definition_def =
    ((((((definition_kind > name) >> -(':' > type)) >> -text) >> *meta) > '=') > expr) >> *version >> *exception;
auto const module_param_def = (name > ':') > type;
auto const module_param_list_def = module_param % ',';
auto const header_def = (((kw_s("module") > name) >> -('(' > module_param_list > ')')) >> -text) >> *meta;
auto const name_list_def = name % ',';
auto const import_decl_def = kw_s("import") > name_list;
auto const item_def = enum_decl | record_decl | input_decl | param_decl | definition | import_decl;

BOOST_SPIRIT_DEFINE(kw_of, kw_from, kw_when, kw_set, enum_value_list, module_param_list, name_list)
BOOST_SPIRIT_DEFINE(record_check, better_word)
BOOST_SPIRIT_DEFINE(type, meta, field, enum_value, enum_decl, record_decl, input_decl, param_decl, version, exception,
                    definition, module_param, header, import_decl, item)

}  // namespace klappt::dsl::grammar::decl_rules
