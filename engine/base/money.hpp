// Exact money and exact fractions.  No double appears anywhere on a money
// path: amounts are integer cents, fractions are reduced int64 ratios, and
// products are formed in 128 bits before the one rounding step.
//
// Rounding is half away from zero ("kaufmännisch"): 0,5 ct → 1 ct, −0,5 ct → −1 ct.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace klappt::money {

// 128-bit intermediates for products of cents and fractions (GCC/Clang extension).
__extension__ typedef __int128 Int128;

// A reduced fraction num/den with den > 0.
struct Decimal {
    std::int64_t num = 0;
    std::int64_t den = 1;
};

// Each operation returns nullopt on overflow or division by zero.
std::optional<Decimal> make_decimal(Int128 num, Int128 den);
std::optional<Decimal> add(Decimal a, Decimal b);
std::optional<Decimal> sub(Decimal a, Decimal b);
std::optional<Decimal> mul(Decimal a, Decimal b);
std::optional<Decimal> div(Decimal a, Decimal b);
int compare(Decimal a, Decimal b);
std::int64_t floor(Decimal d);
std::int64_t ceil(Decimal d);
std::int64_t round_half_up(Decimal d);

// cents × fraction, rounded half away from zero to the cent.
std::optional<std::int64_t> mul_round(std::int64_t cents, Decimal factor);
// cents ÷ n, rounded half away from zero to the cent.
std::optional<std::int64_t> div_round(std::int64_t cents, std::int64_t n);

enum class Notation {
    machine,  // YAML, JSON: 1234.56, 49, 49.5
    german,   // Excel CSV: 1.234,56, 1234,56, 49 — and 1234.56 when unambiguous
};

// Parses an amount in euro, optionally with a trailing `€`/`EUR`; at most two
// decimals.  A leading '-' parses; callers decide whether negatives are allowed.
// `too_large` (when given) is set when the text is a well-formed amount that does not
// fit (more than kMaxEuroText), so the caller can say so instead of "no amount".
std::optional<std::int64_t> parse_euro(std::string_view text, Notation notation = Notation::machine,
                                       bool* too_large = nullptr);
// The largest amount klappt can hold (integer cents in 64 bits), as German text for messages.
inline constexpr const char* kMaxEuroText = "92.233.720.368.547.758,07 €";

// Parses a decimal number `0.8`, `0,8`, `80 %`, `12` into a fraction.
std::optional<Decimal> parse_decimal(std::string_view text);

std::string plain(std::int64_t cents);   // 9365.00  (machine formats)
std::string german(std::int64_t cents);  // 9.365,00 €
std::string german_number(std::int64_t cents);  // 9.365,00 (a number in a sentence or a form)
// 9365,00: the amount in every German CSV klappt writes (report, weiterleitung) — the
// decimal comma Excel expects, no thousands dots, which other readers take for text.
std::string german_cell(std::int64_t cents);
// 100.000: a count (persons, measures, rows) in German text, with thousands dots.
std::string german_count(std::int64_t n);
std::string decimal_text(Decimal d);     // exact when it terminates within 9 places, else the first 6 and "…": 0.552486…

}  // namespace klappt::money
