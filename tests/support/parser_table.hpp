// Table-driven checks of a parser of text (a date, an amount): the texts it must read with
// what it must read them as, and the texts it must refuse.  A failure names its text.
#pragma once

#include <catch2/catch.hpp>

#include <initializer_list>
#include <type_traits>
#include <utility>

namespace klappt::testing {

// What `parse` gives for a text it reads (it returns a std::optional of it).
template <typename Parse>
using Parsed = typename std::invoke_result_t<Parse, const char*>::value_type;

// `parse` reads every row's text as the row's value.
template <typename Parse>
void check_reads(Parse parse, std::initializer_list<std::pair<const char*, Parsed<Parse>>> rows) {
    for (const auto& [text, expected] : rows) {
        INFO("„" << text << "“");
        CHECK(parse(text) == expected);
    }
}

// `parse` refuses every text.
template <typename Parse>
void check_refuses(Parse parse, std::initializer_list<const char*> texts) {
    for (const char* text : texts) {
        INFO("„" << text << "“");
        CHECK_FALSE(parse(text).has_value());
    }
}

}  // namespace klappt::testing
