#include "engine/base/money.hpp"

#include <limits>

namespace klappt::money {

namespace {

using i128 = Int128;
constexpr i128 kMax = std::numeric_limits<std::int64_t>::max();
constexpr i128 kMin = std::numeric_limits<std::int64_t>::min();

i128 gcd(i128 a, i128 b) {
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b != 0) {
        i128 t = a % b;
        a = b;
        b = t;
    }
    return a == 0 ? 1 : a;
}

bool fits(i128 v) { return v >= kMin && v <= kMax; }

// n / d rounded half away from zero (d > 0).
i128 round_div(i128 n, i128 d) {
    i128 q = n / d, r = n % d;
    if (r < 0) r = -r;
    if (2 * r >= d) q += n < 0 ? -1 : 1;
    return q;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string group_thousands(std::uint64_t whole) {
    std::string digits = std::to_string(whole);
    std::string out;
    int count = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (count > 0 && count % 3 == 0) out.insert(out.begin(), '.');
        out.insert(out.begin(), *it);
        ++count;
    }
    return out;
}

}  // namespace

std::optional<Decimal> make_decimal(i128 num, i128 den) {
    if (den == 0) return std::nullopt;
    if (den < 0) {
        num = -num;
        den = -den;
    }
    i128 g = gcd(num, den);
    num /= g;
    den /= g;
    if (!fits(num) || !fits(den)) return std::nullopt;
    return Decimal{static_cast<std::int64_t>(num), static_cast<std::int64_t>(den)};
}

std::optional<Decimal> add(Decimal a, Decimal b) {
    return make_decimal(i128(a.num) * b.den + i128(b.num) * a.den, i128(a.den) * b.den);
}
std::optional<Decimal> sub(Decimal a, Decimal b) {
    return make_decimal(i128(a.num) * b.den - i128(b.num) * a.den, i128(a.den) * b.den);
}
std::optional<Decimal> mul(Decimal a, Decimal b) {
    i128 g1 = gcd(a.num, b.den), g2 = gcd(b.num, a.den);
    return make_decimal((i128(a.num) / g1) * (i128(b.num) / g2), (i128(a.den) / g2) * (i128(b.den) / g1));
}
std::optional<Decimal> div(Decimal a, Decimal b) {
    if (b.num == 0) return std::nullopt;
    return mul(a, Decimal{b.den, b.num});
}

int compare(Decimal a, Decimal b) {
    i128 l = i128(a.num) * b.den, r = i128(b.num) * a.den;
    return l < r ? -1 : l > r ? 1 : 0;
}

std::int64_t floor(Decimal d) {
    std::int64_t q = d.num / d.den;
    if (d.num % d.den != 0 && d.num < 0) --q;
    return q;
}

std::int64_t ceil(Decimal d) {
    std::int64_t q = d.num / d.den;
    if (d.num % d.den != 0 && d.num > 0) ++q;
    return q;
}

std::int64_t round_half_up(Decimal d) { return static_cast<std::int64_t>(round_div(d.num, d.den)); }

std::optional<std::int64_t> mul_round(std::int64_t cents, Decimal factor) {
    i128 v = round_div(i128(cents) * factor.num, factor.den);
    if (!fits(v)) return std::nullopt;
    return static_cast<std::int64_t>(v);
}

std::optional<std::int64_t> div_round(std::int64_t cents, std::int64_t n) {
    if (n == 0) return std::nullopt;
    i128 num = cents, den = n;
    if (den < 0) {
        num = -num;
        den = -den;
    }
    i128 v = round_div(num, den);
    if (!fits(v)) return std::nullopt;
    return static_cast<std::int64_t>(v);
}

namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// d{1,3}(.ddd)+ — German thousands grouping.
bool grouped(std::string_view s, char group) {
    std::size_t first = s.find(group);
    if (first == std::string_view::npos || first == 0 || first > 3 || !all_digits(s.substr(0, first))) return false;
    for (std::size_t i = first; i < s.size(); i += 4) {
        if (s[i] != group || i + 4 > s.size() || !all_digits(s.substr(i + 1, 3))) return false;
    }
    return true;
}

std::optional<std::int64_t> compose(std::string_view whole, std::string_view fraction, bool negative,
                                    bool* too_large) {
    if (fraction.size() > 2 || (!fraction.empty() && !all_digits(fraction))) return std::nullopt;
    i128 value = 0;
    for (char c : whole) {
        if (c < '0' || c > '9') continue;  // grouping separators were validated by the caller
        value = value * 10 + (c - '0');
        if (value > kMax / 100) {
            if (too_large) *too_large = true;
            return std::nullopt;
        }
    }
    i128 cents = value * 100;
    if (!fraction.empty()) cents += (fraction[0] - '0') * 10 + (fraction.size() > 1 ? fraction[1] - '0' : 0);
    // The cents can still exceed int64 (92233720368547758.08): reject instead of wrapping the sign.
    if (!fits(cents)) {
        if (too_large) *too_large = true;
        return std::nullopt;
    }
    return static_cast<std::int64_t>(negative ? -cents : cents);
}

}  // namespace

std::optional<std::int64_t> parse_euro(std::string_view text, Notation notation, bool* too_large) {
    text = trim(text);
    for (std::string_view unit : {"€", "EUR"})
        if (text.size() >= unit.size() && text.substr(text.size() - unit.size()) == unit) {
            text.remove_suffix(unit.size());
            text = trim(text);
        }
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text.empty()) return std::nullopt;
    if (notation == Notation::machine || text.find(',') == std::string_view::npos) {
        if (notation == Notation::german && grouped(text, '.')) return compose(text, {}, negative, too_large);
        std::size_t dot = text.find('.');
        if (dot == std::string_view::npos) return all_digits(text) ? compose(text, {}, negative, too_large) : std::nullopt;
        if (!all_digits(text.substr(0, dot))) return std::nullopt;
        return compose(text.substr(0, dot), text.substr(dot + 1), negative, too_large);
    }
    // German: the comma separates the cents, dots group thousands.
    std::size_t comma = text.find(',');
    if (text.find(',', comma + 1) != std::string_view::npos) return std::nullopt;
    std::string_view whole = text.substr(0, comma);
    if (!all_digits(whole) && !grouped(whole, '.')) return std::nullopt;
    return compose(whole, text.substr(comma + 1), negative, too_large);
}

std::optional<Decimal> parse_decimal(std::string_view text) {
    text = trim(text);
    bool percent = false;
    if (!text.empty() && text.back() == '%') {
        percent = true;
        text.remove_suffix(1);
        text = trim(text);
    }
    bool negative = false;
    if (!text.empty() && text.front() == '-') {
        negative = true;
        text.remove_prefix(1);
    }
    if (text.empty()) return std::nullopt;
    i128 num = 0, den = 1;
    bool seen_sep = false;
    int digits = 0;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            num = num * 10 + (c - '0');
            if (seen_sep) den *= 10;
            if (++digits > 18) return std::nullopt;
        } else if ((c == '.' || c == ',') && !seen_sep) {
            seen_sep = true;
        } else {
            return std::nullopt;
        }
    }
    if (digits == 0) return std::nullopt;
    if (percent) den *= 100;
    return make_decimal(negative ? -num : num, den);
}

namespace {

// Sign, whole euros (optionally grouped), separator, two cent digits.
std::string format_cents(std::int64_t cents, char separator, bool group) {
    i128 v = cents;
    std::string out;
    if (v < 0) {
        out.push_back('-');
        v = -v;
    }
    auto whole = static_cast<std::uint64_t>(v / 100);
    auto frac = static_cast<int>(v % 100);
    out.append(group ? group_thousands(whole) : std::to_string(whole));
    out.push_back(separator);
    out.push_back(static_cast<char>('0' + frac / 10));
    out.push_back(static_cast<char>('0' + frac % 10));
    return out;
}

}  // namespace

std::string plain(std::int64_t cents) { return format_cents(cents, '.', false); }

std::string german_number(std::int64_t cents) { return format_cents(cents, ',', true); }

std::string german_cell(std::int64_t cents) { return format_cents(cents, ',', false); }

std::string german(std::int64_t cents) { return german_number(cents) + " €"; }

std::string german_count(std::int64_t n) {
    std::uint64_t magnitude = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
    return (n < 0 ? "-" : "") + group_thousands(magnitude);
}

std::string decimal_text(Decimal d) {
    // Exact when the expansion terminates within 9 places (the denominator has
    // only the factors 2 and 5), else the first 6 places and "…".  Digits are
    // taken from 128-bit values, so even INT64_MIN prints correctly.
    bool negative = d.num < 0;
    i128 num = negative ? -i128(d.num) : i128(d.num);
    std::string out;
    for (i128 whole = num / d.den;; whole /= 10) {
        out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(whole % 10)));
        if (whole < 10) break;
    }
    i128 rest = num % d.den;
    if (rest != 0) {
        std::string places;
        for (int i = 0; i < 9 && rest != 0; ++i) {
            rest *= 10;
            places += static_cast<char>('0' + static_cast<int>(rest / d.den));
            rest %= d.den;
        }
        if (rest != 0) places = places.substr(0, 6) + "…";
        out += "." + places;
    }
    return (negative ? "-" : "") + out;
}

}  // namespace klappt::money
