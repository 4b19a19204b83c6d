// engine/base/money.hpp: euro amounts as integer cents (parsing in machine and
// German notation, formatting), rounding half away from zero, exact fractions.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "engine/base/money.hpp"
#include "support/parser_table.hpp"

using namespace klappt;
using money::Decimal;
using money::Notation;
using testing::check_reads;
using testing::check_refuses;

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

std::optional<std::int64_t> machine(const char* text) { return money::parse_euro(text, Notation::machine); }
std::optional<std::int64_t> german(const char* text) { return money::parse_euro(text, Notation::german); }

// A Decimal as "num/den" for readable failures and exact comparisons.
std::string frac(std::optional<Decimal> d) {
    return d ? std::to_string(d->num) + "/" + std::to_string(d->den) : std::string("nullopt");
}

}  // namespace

TEST_CASE("parse_euro, machine notation: dot decimals, at most two places", "[money][parse]") {
    check_reads(machine, {
        {"1234.56", 123456},
        {"49", 4900},
        {"49.5", 4950},
        {"49.50", 4950},
        {"49.05", 4905},
        {"0.01", 1},
        {"0", 0},
        {"0.00", 0},
        {"120.00", 12000},
        {"  49.00 ", 4900},
    });
    // The default notation is the machine notation.
    CHECK(money::parse_euro("1234.56") == 123456);
}

TEST_CASE("parse_euro, machine notation: signs and a trailing unit", "[money][parse]") {
    check_reads(machine, {
        {"-49.50", -4950},
        {"+49", 4900},
        {"-0.01", -1},
        {"49 €", 4900},
        {"49€", 4900},
        {"49.99 EUR", 4999},
        {"49EUR", 4900},
        {"-12.30 €", -1230},
    });
}

TEST_CASE("parse_euro, machine notation: rejects everything else", "[money][parse]") {
    check_refuses(machine, {"49.999", "1.234.5", "1.234,56", "", " ", "abc", "--5", "-+5", "+-5", "1,5", "1,50",
                            ".5", "49.5.0", "1 234", "€", "EUR", "- 5", "-", "+", "1e3", "0x10", "49.-", "€ 49",
                            "49 € €x", "4 9", "49.5a", "½"});
}

TEST_CASE("parse_euro, German notation: comma decimals, dots group thousands", "[money][parse]") {
    check_reads(german, {
        {"1.234,56", 123456},
        {"1234,56", 123456},
        {"49", 4900},
        {"49,5", 4950},
        {"0,01", 1},
        {"1.234", 123400},  // grouped thousands, not 1,234 €
        {"1.234.567", 123456700},
        {"1.000.000,00", 100000000},
        {"-1.234,56", -123456},
        {"+1.234,56", 123456},
        {"1.234,56 €", 123456},
        {"1.234,56 EUR", 123456},
        {"9.365,00€", 936500},
    });
}

TEST_CASE("parse_euro, German notation: a dot decimal is accepted when it cannot be a grouping", "[money][parse]") {
    check_reads(german, {
        {"1234.56", 123456},
        {"12.5", 1250},
        {"0.01", 1},
    });
}

TEST_CASE("parse_euro, German notation: rejects malformed groupings and decimals", "[money][parse]") {
    check_refuses(german, {"1.23,4", "12.34.56", "1,2,3", "1.2345,00", "1234.567", "12,345", "1.234,567", ",5",
                            "1..234", ".234", "1.234.", "1234.5.6", "", "abc", "--5", "1 234,56", "1,234.56"});
}

TEST_CASE("parse_euro: the largest amounts and overflow", "[money][parse][overflow]") {
    CHECK(machine("92233720368547758.07") == kMax);
    CHECK(machine("-92233720368547758.07") == -kMax);
    CHECK(german("92.233.720.368.547.758,07") == kMax);
    // One cent more does not fit into 64 bits: rejected, never wrapped to a negative amount.
    CHECK_FALSE(machine("92233720368547758.08").has_value());
    CHECK_FALSE(machine("92233720368547758.99").has_value());
    CHECK_FALSE(german("92.233.720.368.547.758,99").has_value());
    CHECK_FALSE(machine("92233720368547759").has_value());
    CHECK_FALSE(machine("100000000000000000000").has_value());
}

TEST_CASE("plain: machine format with a dot and two decimals", "[money][format]") {
    CHECK(money::plain(936500) == "9365.00");
    CHECK(money::plain(123456789) == "1234567.89");
    CHECK(money::plain(0) == "0.00");
    CHECK(money::plain(1) == "0.01");
    CHECK(money::plain(10) == "0.10");
    CHECK(money::plain(-5) == "-0.05");
    CHECK(money::plain(-123456) == "-1234.56");
    CHECK(money::plain(kMax) == "92233720368547758.07");
    CHECK(money::plain(kMin) == "-92233720368547758.08");
}

TEST_CASE("german and german_number: grouped thousands and a decimal comma", "[money][format]") {
    CHECK(money::german(936500) == "9.365,00 €");
    CHECK(money::german(0) == "0,00 €");
    CHECK(money::german(99999) == "999,99 €");
    CHECK(money::german(100000) == "1.000,00 €");
    CHECK(money::german(-123456789) == "-1.234.567,89 €");
    CHECK(money::german(-5) == "-0,05 €");
    CHECK(money::german_number(295636000) == "2.956.360,00");
    CHECK(money::german_number(0) == "0,00");
    CHECK(money::german_number(-100000000) == "-1.000.000,00");
    CHECK(money::german_number(kMin) == "-92.233.720.368.547.758,08");
    // What german_number writes, parse_euro reads back in German notation.
    for (std::int64_t cents : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-99}, std::int64_t{123456789}, kMax}) {
        CHECK(money::parse_euro(money::german_number(cents), Notation::german) == cents);
        CHECK(money::parse_euro(money::german(cents), Notation::german) == cents);
        CHECK(money::parse_euro(money::plain(cents), Notation::machine) == cents);
    }
}

TEST_CASE("german_cell: the one amount format of every German CSV", "[money][format]") {
    CHECK(money::german_cell(4500000) == "45000,00");
    CHECK(money::german_cell(1800500) == "18005,00");
    CHECK(money::german_cell(0) == "0,00");
    CHECK(money::german_cell(-5) == "-0,05");
    CHECK(money::german_cell(kMin) == "-92233720368547758,08");
    // The finance reader takes the cells of klappt's own CSV back unchanged.
    for (std::int64_t cents : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-99}, std::int64_t{123456789}, kMax})
        CHECK(money::parse_euro(money::german_cell(cents), Notation::german) == cents);
}

TEST_CASE("mul_round rounds half away from zero, once", "[money][rounding]") {
    CHECK(money::mul_round(1, {1, 2}) == 1);    // 0.5 → 1
    CHECK(money::mul_round(-1, {1, 2}) == -1);  // −0.5 → −1
    CHECK(money::mul_round(3, {1, 2}) == 2);    // 1.5 → 2
    CHECK(money::mul_round(-3, {1, 2}) == -2);
    CHECK(money::mul_round(5, {1, 2}) == 3);  // 2.5 → 3 (not to even)
    CHECK(money::mul_round(-5, {1, 2}) == -3);
    CHECK(money::mul_round(5, {9, 10}) == 5);  // 4.5 → 5
    CHECK(money::mul_round(-5, {9, 10}) == -5);
    CHECK(money::mul_round(15, {9, 10}) == 14);  // 13.5 → 14
    CHECK(money::mul_round(1, {49, 100}) == 0);  // just below the half
    CHECK(money::mul_round(1, {51, 100}) == 1);
    CHECK(money::mul_round(-1, {49, 100}) == 0);
    CHECK(money::mul_round(3, {4, 5}) == 2);  // 2.4 → 2
    CHECK(money::mul_round(7, {4, 5}) == 6);  // 5.6 → 6
    CHECK(money::mul_round(-7, {4, 5}) == -6);
    CHECK(money::mul_round(12345, {1, 1}) == 12345);
    CHECK(money::mul_round(0, {100, 181}) == 0);
}

TEST_CASE("mul_round with the fractions the rules produce", "[money][rounding]") {
    // io.md example: Land share 80 % of 9.365,00 €.
    CHECK(money::mul_round(936500, {4, 5}) == 749200);
    // A course factor that does not terminate: 4.000,00 € × 100/181 = 2.209,9447… €.
    CHECK(money::mul_round(400000, {100, 181}) == 220994);
    CHECK(money::mul_round(-400000, {100, 181}) == -220994);
    // 9.000,00 € × 100/181 = 4.972,3756… €.
    CHECK(money::mul_round(900000, {100, 181}) == 497238);
    // 60.000,00 € per year × 7/12.
    CHECK(money::mul_round(6000000, {7, 12}) == 3500000);
    // 68.000,00 € × 1/2 position × 33 months / 12, as one fraction 11/8.
    CHECK(money::mul_round(6800000, {11, 8}) == 9350000);
}

TEST_CASE("mul_round reports overflow", "[money][rounding][overflow]") {
    CHECK(money::mul_round(kMax, {1, 1}) == kMax);
    CHECK(money::mul_round(kMin, {1, 1}) == kMin);
    CHECK_FALSE(money::mul_round(kMax, {2, 1}).has_value());
    CHECK_FALSE(money::mul_round(kMin, {-1, 1}).has_value());
    CHECK(money::mul_round(kMax, {1, 2}) == kMax / 2 + 1);  // …03.5 rounds up
}

TEST_CASE("div_round divides cents with rounding half away from zero", "[money][rounding]") {
    CHECK(money::div_round(100, 3) == 33);
    CHECK(money::div_round(200, 3) == 67);
    CHECK(money::div_round(5, 2) == 3);
    CHECK(money::div_round(-5, 2) == -3);
    CHECK(money::div_round(5, -2) == -3);
    CHECK(money::div_round(-5, -2) == 3);
    CHECK(money::div_round(7, 1) == 7);
    CHECK(money::div_round(0, 7) == 0);
    CHECK(money::div_round(6000000, 12) == 500000);
    CHECK_FALSE(money::div_round(1, 0).has_value());
    CHECK_FALSE(money::div_round(kMin, -1).has_value());
    CHECK(money::div_round(kMin, 1) == kMin);
}

TEST_CASE("make_decimal reduces and normalises the sign", "[money][decimal]") {
    CHECK(frac(money::make_decimal(6, 8)) == "3/4");
    CHECK(frac(money::make_decimal(3, -6)) == "-1/2");
    CHECK(frac(money::make_decimal(-3, -6)) == "1/2");
    CHECK(frac(money::make_decimal(0, 5)) == "0/1");
    CHECK(frac(money::make_decimal(0, -5)) == "0/1");
    CHECK(frac(money::make_decimal(1, 0)) == "nullopt");
    money::Int128 big = money::Int128{1} << 64;
    CHECK(frac(money::make_decimal(big, 1)) == "nullopt");
    CHECK(frac(money::make_decimal(1, big)) == "nullopt");
    CHECK(frac(money::make_decimal(big, 4)) == "4611686018427387904/1");
}

TEST_CASE("Decimal arithmetic is exact", "[money][decimal]") {
    CHECK(frac(money::add({1, 3}, {1, 6})) == "1/2");
    CHECK(frac(money::add({1, 2}, {-1, 2})) == "0/1");
    CHECK(frac(money::add({-1, 3}, {-1, 3})) == "-2/3");
    CHECK(frac(money::sub({1, 3}, {1, 2})) == "-1/6");
    CHECK(frac(money::sub({-1, 2}, {-1, 2})) == "0/1");
    CHECK(frac(money::mul({2, 3}, {3, 4})) == "1/2");
    CHECK(frac(money::mul({-2, 3}, {3, 4})) == "-1/2");
    CHECK(frac(money::mul({-2, 3}, {-3, 4})) == "1/2");
    CHECK(frac(money::mul({0, 1}, {-3, 4})) == "0/1");
    CHECK(frac(money::div({1, 2}, {1, 4})) == "2/1");
    CHECK(frac(money::div({1, 2}, {-1, 4})) == "-2/1");
    CHECK(frac(money::div({-3, 5}, {-9, 10})) == "2/3");
    CHECK(frac(money::div({170, 1}, {171, 1})) == "170/171");
}

TEST_CASE("Decimal arithmetic reports overflow and division by zero", "[money][decimal][overflow]") {
    CHECK(frac(money::div({1, 2}, {0, 1})) == "nullopt");
    CHECK(frac(money::add({kMax, 1}, {1, 1})) == "nullopt");
    CHECK(frac(money::sub({kMin, 1}, {1, 1})) == "nullopt");
    CHECK(frac(money::mul({kMax, 1}, {2, 1})) == "nullopt");
    CHECK(frac(money::div({kMax, 1}, {1, 2})) == "nullopt");
    CHECK(frac(money::add({1, kMax}, {1, kMax - 1})) == "nullopt");  // the denominator does not fit
    // Large operands whose result fits are fine: the intermediates have 128 bits.
    CHECK(frac(money::mul({kMax, 3}, {3, kMax})) == "1/1");
    CHECK(frac(money::add({kMax - 1, 1}, {1, 1})) == std::to_string(kMax) + "/1");
    CHECK(frac(money::sub({kMin + 1, 1}, {1, 1})) == std::to_string(kMin) + "/1");
}

TEST_CASE("Decimal compare orders exactly", "[money][decimal]") {
    CHECK(money::compare({1, 3}, {1, 2}) == -1);
    CHECK(money::compare({1, 2}, {1, 3}) == 1);
    CHECK(money::compare({5, 1}, {5, 1}) == 0);
    CHECK(money::compare({-1, 2}, {-1, 3}) == -1);
    CHECK(money::compare({-1, 2}, {0, 1}) == -1);
    CHECK(money::compare({kMax, 1}, {kMax, 2}) == 1);
    CHECK(money::compare({kMax - 1, kMax}, {kMax - 2, kMax - 1}) == 1);  // differ far beyond double precision
}

TEST_CASE("Decimal floor, ceil and round_half_up, also for negatives", "[money][decimal][rounding]") {
    // Each value with its floor, ceiling and rounding half away from zero (every value through all three).
    struct Rounded {
        Decimal x;
        std::int64_t floor, ceil, half_up;
    };
    const Rounded rows[] = {
        // x        floor ceil half_up
        {{7, 2}, 3, 4, 4},
        {{-7, 2}, -4, -3, -4},
        {{5, 2}, 2, 3, 3},
        {{-5, 2}, -3, -2, -3},
        {{1, 2}, 0, 1, 1},
        {{-1, 2}, -1, 0, -1},
        {{7, 3}, 2, 3, 2},
        {{-7, 3}, -3, -2, -2},
        {{2, 3}, 0, 1, 1},
        {{-2, 3}, -1, 0, -1},
        {{1, 3}, 0, 1, 0},
        {{-1, 3}, -1, 0, 0},
        {{3, 1}, 3, 3, 3},
        {{-3, 1}, -3, -3, -3},
        {{0, 1}, 0, 0, 0},
    };
    for (const Rounded& r : rows) {
        INFO("x = " << frac(r.x));
        CHECK(money::floor(r.x) == r.floor);
        CHECK(money::ceil(r.x) == r.ceil);
        CHECK(money::round_half_up(r.x) == r.half_up);
    }
    // F4: floor(240 lessons × 100/181) = 132 lessons.
    CHECK(money::floor(*money::mul({240, 1}, {100, 181})) == 132);
}

TEST_CASE("parse_decimal reads decimals and percentages as exact fractions", "[money][decimal][parse]") {
    CHECK(frac(money::parse_decimal("0.8")) == "4/5");
    CHECK(frac(money::parse_decimal("0,8")) == "4/5");
    CHECK(frac(money::parse_decimal("80 %")) == "4/5");
    CHECK(frac(money::parse_decimal("80%")) == "4/5");
    CHECK(frac(money::parse_decimal("12.5 %")) == "1/8");
    CHECK(frac(money::parse_decimal("12")) == "12/1");
    CHECK(frac(money::parse_decimal("-0.5")) == "-1/2");
    CHECK(frac(money::parse_decimal("0")) == "0/1");
    for (const char* text : {"", "%", "-", ".", "1.2.3", "1,2.3", "abc", "1e3", "--1", "1234567890123456789"}) {
        INFO("„" << text << "“");
        CHECK(frac(money::parse_decimal(text)) == "nullopt");
    }
}

TEST_CASE("decimal_text: exact when the fraction terminates, else six places and an ellipsis", "[money][decimal][format]") {
    CHECK(money::decimal_text({0, 1}) == "0");
    CHECK(money::decimal_text({5, 1}) == "5");
    CHECK(money::decimal_text({-3, 1}) == "-3");
    CHECK(money::decimal_text({1, 2}) == "0.5");
    CHECK(money::decimal_text({-1, 2}) == "-0.5");
    CHECK(money::decimal_text({4, 5}) == "0.8");
    CHECK(money::decimal_text({1, 8}) == "0.125");
    CHECK(money::decimal_text({1, 64}) == "0.015625");
    CHECK(money::decimal_text({123456789, 100}) == "1234567.89");
    CHECK(money::decimal_text({-123456789, 100}) == "-1234567.89");
    // Terminating with seven to nine places: still exact.
    CHECK(money::decimal_text({1, 128}) == "0.0078125");
    CHECK(money::decimal_text({1, 512}) == "0.001953125");
    CHECK(money::decimal_text({3, 1000000000}) == "0.000000003");
    // Not terminating (or longer than nine places): the first six places, then "…".
    CHECK(money::decimal_text({1, 3}) == "0.333333…");
    CHECK(money::decimal_text({-1, 3}) == "-0.333333…");
    CHECK(money::decimal_text({2, 3}) == "0.666666…");
    CHECK(money::decimal_text({100, 181}) == "0.552486…");
    CHECK(money::decimal_text({1, 1024}) == "0.000976…");
    CHECK(money::decimal_text({kMin, 1}) == "-9223372036854775808");
}
