// The built-in functions of the rule language, in one table.
//
// Every place that knows a built-in reads this table: the checker finds a call's entry here
// (dsl/checker/builtin_calls.cpp types a call, dsl/checker/comprehensions.cpp types
// `name(x in liste …)`), the IR operation it emits is the entry's `call_op` / `list_op`, and
// „unbekannte Funktion“ suggests the table's names; the language server offers them in
// completion (authoring/language_server.cpp).  Tests hold the language documentation
// (docs/language.md §§ 12–14), the fuzzing dictionary and the editor grammar to the same
// names (tests/unit/builtins_table_test.cpp).
//
// A new built-in: a row in dsl/builtins.cpp; when its arguments are a fixed list of typed
// parameters (`Typing::signature`) nothing else in the checker, otherwise a typing rule in
// dsl/checker/builtin_calls.cpp; its Op in dsl/rule_set.hpp and the evaluator; a line in
// docs/language.md and the editor grammar (the tests say so when one is missing).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "dsl/rule_set.hpp"
#include "dsl/types.hpp"

namespace klappt::dsl {

struct BuiltinParameter {
    const char* name;  // the argument's name in a call (`age(geburtsdatum, on: stichtag)`)
    TypeId type;
};

struct Builtin {
    // How a plain call `name(a, b)` is typed.
    enum class Typing : std::uint8_t {
        none,         // only as `name(x in liste …)`
        signature,    // the parameters below, positional or named; result `result`
        blank_test,   // is_blank(t): t is text or text?
        value_or,     // value_or(x, ersatz): x: T?, ersatz: T
        extremum,     // min/max/earliest/latest of two or more values of `operands`
        conditions,   // all_of/any_of: one or more conditions, every one evaluated
        list_count,   // count(liste)
        definitions,  // reasons/uses_example_values: names of definitions
        format,       // format("… {} …", a, …)
    };
    // How `name(x in liste where … : …)` is typed (a comprehension over a list).
    enum class ListTyping : std::uint8_t {
        none,        // not written with `x in liste`
        count,       // count(x in l where c): int
        filter,      // filter(x in l where c): the list
        first,       // first(x in l where c): the element, or none
        quantifier,  // all/any(x in l: c): bool
        map,         // map(x in l: v): a list of v
        sum,         // sum(x in l: v) of int, decimal or money
        extremum,    // min/max/earliest/latest(x in l: v) of `operands`, or none
    };
    // Which values an extremum takes (both forms).
    enum class Operands : std::uint8_t { any, numbers, dates };

    std::string_view name;
    Typing typing;
    Op call_op;  // emitted for a plain call (Typing::none: unused)
    std::array<BuiltinParameter, 2> parameters;
    std::uint8_t parameter_count;  // Typing::signature only
    TypeId result;                 // Typing::signature only
    ListTyping list_typing;
    Op list_op;  // emitted for `name(x in liste …)` (ListTyping::none: unused)
    Operands operands;
    // What a plain call expects, in the German message for a wrong number of arguments
    // („is_blank(…) erwartet einen Text“); empty for Typing::signature, whose message names
    // the parameters.
    const char* expects;

    std::span<const BuiltinParameter> signature() const { return {parameters.data(), parameter_count}; }
    bool comprehension() const { return list_typing != ListTyping::none; }
};

// Every built-in function, in the order in which „unbekannte Funktion … meinten Sie“ weighs them.
std::span<const Builtin> builtins();

// The entry of `name`, or null when `name` is no built-in.
const Builtin* find_builtin(std::string_view name);

}  // namespace klappt::dsl
