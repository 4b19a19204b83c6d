// The table of built-in functions (see dsl/builtins.hpp).  Their meaning for authors is
// docs/language.md § 12 (calls), § 13 (`name(x in liste …)`) and § 14 (reasons).
#include "dsl/builtins.hpp"

#include <unordered_map>

namespace klappt::dsl {

namespace {

using T = Builtin::Typing;
using L = Builtin::ListTyping;
using O = Builtin::Operands;

// A call with a fixed list of typed parameters.
constexpr Builtin signature(std::string_view name, Op op, BuiltinParameter first, TypeId result) {
    return {name, T::signature, op, {first, {}}, 1, result, L::none, Op::constant, O::any, ""};
}
constexpr Builtin signature(std::string_view name, Op op, BuiltinParameter first, BuiltinParameter second,
                            TypeId result) {
    return {name, T::signature, op, {first, second}, 2, result, L::none, Op::constant, O::any, ""};
}
// A call whose typing rule reads the arguments itself; also a comprehension when `list` is set.
constexpr Builtin rule(std::string_view name, T typing, Op op, const char* expects, L list = L::none,
                       Op list_op = Op::constant, O operands = O::any) {
    return {name, typing, op, {}, 0, TypeTable::error, list, list_op, operands, expects};
}
// Only a comprehension `name(x in liste …)`; a plain call is told so.
constexpr Builtin comprehension(std::string_view name, L list, Op list_op) {
    return {name, T::none, Op::constant, {}, 0, TypeTable::error, list, list_op, O::any, "„x in liste …“"};
}

constexpr TypeId kDate = TypeTable::date, kInt = TypeTable::integer, kDecimal = TypeTable::decimal,
                 kText = TypeTable::text;

constexpr std::array kBuiltins = {
    // calendar (§§ 187, 188 BGB)
    signature("age", Op::age, {"birth", kDate}, {"on", kDate}, kInt),
    signature("birthday", Op::birthday, {"birth", kDate}, {"years", kInt}, kDate),
    signature("add_days", Op::add_days, {"date", kDate}, {"days", kInt}, kDate),
    signature("add_months", Op::add_months, {"date", kDate}, {"months", kInt}, kDate),
    signature("add_years", Op::add_years, {"date", kDate}, {"years", kInt}, kDate),
    signature("days", Op::days_inclusive, {"from", kDate}, {"to", kDate}, kInt),
    signature("months_touched", Op::months_touched, {"from", kDate}, {"to", kDate}, kInt),
    signature("full_months", Op::full_months, {"from", kDate}, {"to", kDate}, kInt),
    signature("year", Op::year_of, {"date", kDate}, kInt),
    signature("month", Op::month_of, {"date", kDate}, kInt),
    signature("day", Op::day_of, {"date", kDate}, kInt),
    // numbers and texts
    signature("floor", Op::floor_decimal, {"value", kDecimal}, kInt),
    signature("ceil", Op::ceil_decimal, {"value", kDecimal}, kInt),
    signature("round", Op::round_decimal, {"value", kDecimal}, kInt),
    signature("trim", Op::trim, {"text", kText}, kText),
    rule("is_blank", T::blank_test, Op::is_blank, "einen Text"),
    rule("value_or", T::value_or, Op::value_or, "zwei Argumente: value_or(wert, ersatz)"),
    // the extremes: of values written out, or of a list
    rule("earliest", T::extremum, Op::earliest, "mindestens zwei Werte oder „x in liste: …“", L::extremum,
         Op::agg_min, O::dates),
    rule("latest", T::extremum, Op::latest, "mindestens zwei Werte oder „x in liste: …“", L::extremum, Op::agg_max,
         O::dates),
    rule("min", T::extremum, Op::min_of, "mindestens zwei Werte oder „x in liste: …“", L::extremum, Op::agg_min,
         O::numbers),
    rule("max", T::extremum, Op::max_of, "mindestens zwei Werte oder „x in liste: …“", L::extremum, Op::agg_max,
         O::numbers),
    // lists
    rule("count", T::list_count, Op::count_list, "eine Liste oder „x in liste where …“", L::count, Op::agg_count),
    comprehension("sum", L::sum, Op::agg_sum),
    comprehension("all", L::quantifier, Op::agg_all),
    comprehension("any", L::quantifier, Op::agg_any),
    comprehension("filter", L::filter, Op::agg_filter),
    comprehension("map", L::map, Op::agg_map),
    comprehension("first", L::first, Op::agg_first),
    // explanations
    rule("reasons", T::definitions, Op::reasons, "genau eine Regel"),
    rule("uses_example_values", T::definitions, Op::uses_example_values, "mindestens eine Definition"),
    // conditions, every one evaluated
    rule("all_of", T::conditions, Op::all_of, "mindestens eine Bedingung"),
    rule("any_of", T::conditions, Op::any_of, "mindestens eine Bedingung"),
    rule("format", T::format, Op::format_text,
         "eine Vorlage in Anführungszeichen und ihre Werte, z. B. format(\"{} von {}\", a, b)"),
};

}  // namespace

std::span<const Builtin> builtins() { return kBuiltins; }

const Builtin* find_builtin(std::string_view name) {
    static const auto index = [] {
        std::unordered_map<std::string_view, const Builtin*> out;
        for (const Builtin& b : kBuiltins) out.emplace(b.name, &b);
        return out;
    }();
    auto it = index.find(name);
    return it == index.end() ? nullptr : it->second;
}

}  // namespace klappt::dsl
